package dev.sextant.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read line by line as the builder does: comments and blank lines dropped, {@code \} continuations
 * joined, each instruction split into its keyword and the rest. Stages start at each {@code FROM}.
 */
public record Dockerfile(Path path, List<Stage> stages) {

    private static final java.util.regex.Pattern ENV_PAIR =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|'([^']*)'|(\\S+))");

    /** One instruction: keyword upper-cased, the arguments as written (continuations joined by a space). */
    public record Instruction(String keyword, String args) {
    }

    /** A build stage: its {@code FROM} arguments (image and optional {@code AS name}) and its instructions. */
    public record Stage(String image, Optional<String> name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The variables its ENV instructions set ({@code K=V}, {@code K="V W"}, {@code K='V'}), later ones winning. */
        public java.util.Map<String, String> env() {
            java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                java.util.regex.Matcher m = ENV_PAIR.matcher(i.args());
                int consumed = 0;
                while (m.find()) {
                    if (!i.args().substring(consumed, m.start()).isBlank()) {
                        throw new IllegalArgumentException("cannot read ENV " + i.args());
                    }
                    env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5));
                    consumed = m.end();
                }
                if (!i.args().substring(consumed).isBlank()) {
                    throw new IllegalArgumentException("cannot read ENV " + i.args());
                }
            }
            return env;
        }

        /** The last instruction of that keyword (the one in force), if any. */
        public Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }
    }

    public static Dockerfile parse(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (pending == null && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (pending != null && line.startsWith("#")) {
                continue; // comment lines inside a continuation are dropped too
            }
            boolean continues = line.endsWith("\\");
            String body = continues ? line.substring(0, line.length() - 1).strip() : line;
            pending = pending == null ? new StringBuilder(body) : pending.append(' ').append(body);
            if (!continues) {
                String text = pending.toString();
                int space = text.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException(path + ": instruction without arguments: " + text);
                }
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                        text.substring(space + 1).strip()));
                pending = null;
            }
        }
        if (pending != null) {
            throw new IllegalArgumentException(path + ": ends inside a continued line");
        }
        List<Stage> stages = new ArrayList<>();
        String image = null;
        Optional<String> name = Optional.empty();
        List<Instruction> current = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                if (current != null) {
                    stages.add(new Stage(image, name, List.copyOf(current)));
                }
                String[] parts = i.args().split("\\s+");
                image = parts[0];
                name = parts.length == 3 && parts[1].equalsIgnoreCase("AS") ? Optional.of(parts[2]) : Optional.empty();
                if (parts.length != 1 && name.isEmpty()) {
                    throw new IllegalArgumentException(path + ": unexpected FROM " + i.args());
                }
                current = new ArrayList<>();
            } else if (current == null) {
                throw new IllegalArgumentException(path + ": " + i.keyword() + " before the first FROM");
            } else {
                current.add(i);
            }
        }
        if (current != null) {
            stages.add(new Stage(image, name, List.copyOf(current)));
        }
        return new Dockerfile(path, List.copyOf(stages));
    }

    public Stage finalStage() {
        return stages.getLast();
    }
}

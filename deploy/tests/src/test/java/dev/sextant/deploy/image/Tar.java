package dev.sextant.deploy.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of tar streams (ustar, with PAX {@code path} records and GNU long names), enough to list and read
 * the entries of an OCI image archive and its layers without a tar library.
 */
final class Tar {

    /** One entry: its path (no leading {@code /} or {@code ./}), type flag, mode, owner, and content for files. */
    record Entry(String name, char type, int mode, int uid, int gid, byte[] content) {

        boolean isFile() {
            return type == '0' || type == '\0';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private Tar() {
    }

    static List<Entry> read(InputStream in, boolean withContent) throws IOException {
        List<Entry> out = new ArrayList<>();
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || isZero(header)) {
                return out;
            }
            String name = text(header, 0, 100);
            int mode = (int) octal(header, 100, 8);
            int uid = (int) octal(header, 108, 8);
            int gid = (int) octal(header, 116, 8);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            String magic = text(header, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length != size) {
                throw new IOException("truncated tar entry " + name);
            }
            in.skipNBytes((512 - size % 512) % 512);
            if (type == 'x') {
                longName = paxPath(data, longName);
                continue;
            }
            if (type == 'L') {
                longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == 'g') {
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            while (name.startsWith("./") || name.startsWith("/")) {
                name = name.substring(name.startsWith("./") ? 2 : 1);
            }
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            out.add(new Entry(name, type, mode, uid, gid, withContent ? data : null));
        }
    }

    private static String paxPath(byte[] data, String current) {
        String records = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        String path = current;
        while (i < records.length()) {
            int space = records.indexOf(' ', i);
            int length = Integer.parseInt(records.substring(i, space));
            String record = records.substring(space + 1, i + length - 1);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += length;
        }
        return path;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = text(b, off, len).strip();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}

package dev.sextant.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the root pom.xml says about the build: the project version (the images' tag), a top-level property, and the
 * properties of the {@code image} profile (the Jib configuration every service inherits).
 */
public final class BuildFacts {

    private final Document pom;

    private BuildFacts(Document pom) {
        this.pom = pom;
    }

    public static BuildFacts load(Path root) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new BuildFacts(f.newDocumentBuilder().parse(root.resolve("pom.xml").toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + root.resolve("pom.xml"), e);
        }
    }

    public String projectVersion() {
        return childText(pom.getDocumentElement(), "version");
    }

    /** A property of the root pom's own {@code <properties>}. */
    public String property(String name) {
        return childText(child(pom.getDocumentElement(), "properties"), name);
    }

    /** A property of the profile {@code image}. */
    public String imageProfileProperty(String name) {
        Element profiles = child(pom.getDocumentElement(), "profiles");
        NodeList list = profiles.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element p && p.getTagName().equals("profile")
                    && childText(p, "id").equals("image")) {
                return childText(child(p, "properties"), name);
            }
        }
        throw new IllegalStateException("no profile `image` in the root pom.xml");
    }

    /** A property of a module's pom.xml (its own {@code <properties>}), read as text. */
    public static String moduleProperty(Path module, String name) {
        try {
            Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                    .matcher(Files.readString(module.resolve("pom.xml")));
            if (!m.find()) {
                throw new IllegalStateException(module.resolve("pom.xml") + " has no property " + name);
            }
            return m.group(1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Element child(Element parent, String tag) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        throw new IllegalStateException("no <" + tag + "> under <" + parent.getTagName() + ">");
    }

    private static String childText(Element parent, String tag) {
        return child(parent, tag).getTextContent().strip();
    }
}

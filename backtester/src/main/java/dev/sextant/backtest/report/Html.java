package dev.sextant.backtest.report;

/** HTML escaping for text and attribute values. */
final class Html {
    private Html() {
    }

    /** {@code value} with {@code & < > " '} replaced by entities: safe in element content and quoted attributes. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text made safe inside a {@code <script type="application/json">} element: {@code <}, {@code >} and
     * {@code &} only occur inside JSON strings, where their {@code \\u} escapes mean the same, so no
     * {@code </script>} or {@code <!--} can end the element early. U+2028/2029 are escaped too.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}

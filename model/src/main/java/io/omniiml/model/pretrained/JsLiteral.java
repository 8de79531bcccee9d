package io.omniiml.model.pretrained;

/**
 * Turns the minified JavaScript object literal that TFJS' old layers-model converter (and nsfwjs' browserify build)
 * emits into strict JSON: unquoted keys get quotes, {@code !0}/{@code !1} become {@code true}/{@code false}, numbers
 * with a bare leading point ({@code .5}, {@code -.5}) get their zero. Strings are copied untouched. Anything else
 * JavaScript allows (functions, single quotes, comments, hex numbers) is not produced by the converter and is left
 * for the JSON parser to reject.
 */
final class JsLiteral {
    private JsLiteral() {
    }

    /**
     * The object literal at the first place where {@code marker} (e.g. {@code .exports=}) is directly followed by
     * an opening brace, up to its matching closing brace, or null when there is none or it is not balanced.
     */
    static String objectAfter(String source, String marker) {
        int start = source.indexOf(marker + "{");
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int depth = 0;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfString(source, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return source.substring(start, i + 1);
                }
            }
        }
        return null;
    }

    /**
     * The double-quoted string literal at the first place where {@code marker} is directly followed by a quote,
     * without its quotes, or null.
     */
    static String stringAfter(String source, String marker) {
        int start = source.indexOf(marker + "\"");
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = endOfString(source, start);
        if (end < 0) {
            return null;
        }
        String s = source.substring(start + 1, end);
        return s.indexOf('\\') >= 0 ? null : s; // base64 needs no escapes; refuse rather than guess
    }

    /** Index of the closing quote of the string that opens at {@code open}, or -1. */
    private static int endOfString(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    /** Strict JSON for the converter's object literal. */
    static String toJson(String js) {
        StringBuilder out = new StringBuilder(js.length() + js.length() / 8);
        int n = js.length();
        for (int i = 0; i < n; i++) {
            char c = js.charAt(i);
            if (c == '"') {
                int end = endOfString(js, i);
                if (end < 0) {
                    out.append(js, i, n);
                    break;
                }
                out.append(js, i, end + 1);
                i = end;
            } else if (c == '!' && i + 1 < n && (js.charAt(i + 1) == '0' || js.charAt(i + 1) == '1')
                    && (i + 2 >= n || !Character.isDigit(js.charAt(i + 2)))) {
                out.append(js.charAt(i + 1) == '0' ? "true" : "false");
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(js.charAt(end)) || js.charAt(end) == '_'
                        || js.charAt(end) == '$')) {
                    end++;
                }
                String word = js.substring(i, end);
                int next = end;
                while (next < n && Character.isWhitespace(js.charAt(next))) {
                    next++;
                }
                boolean key = next < n && js.charAt(next) == ':' && lastSignificant(out) != '?';
                if (key) {
                    out.append('"').append(word).append('"');
                } else {
                    out.append(word);
                }
                i = end - 1;
            } else if (Character.isDigit(c)) {
                // a whole number token, so that an exponent's letter "e" is not taken for an identifier
                int end = i;
                while (end < n && (Character.isDigit(js.charAt(end)) || js.charAt(end) == '.'
                        || js.charAt(end) == 'e' || js.charAt(end) == 'E'
                        || (js.charAt(end) == '+' || js.charAt(end) == '-')
                        && (js.charAt(end - 1) == 'e' || js.charAt(end - 1) == 'E'))) {
                    end++;
                }
                String num = js.substring(i, end);
                out.append(num.endsWith(".") ? num + "0" : num.replace(".e", ".0e").replace(".E", ".0E"));
                i = end - 1;
            } else if (c == '.' && i + 1 < n && Character.isDigit(js.charAt(i + 1))) {
                out.append("0.");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static char lastSignificant(StringBuilder sb) {
        for (int i = sb.length() - 1; i >= 0; i--) {
            if (!Character.isWhitespace(sb.charAt(i))) {
                return sb.charAt(i);
            }
        }
        return 0;
    }
}

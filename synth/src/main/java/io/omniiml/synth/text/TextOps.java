package io.omniiml.synth.text;

import java.util.List;
import java.util.SplittableRandom;

/** Word lists and the text changes a forger makes: amounts, dates, names, single characters. */
public final class TextOps {
    public static final List<String> WORDS = List.of("payment", "invoice", "total", "amount", "balance", "account",
            "service", "delivery", "order", "customer", "reference", "contract", "approved", "received", "office",
            "manager", "director", "company", "limited", "street", "avenue", "road", "market", "station", "hotel",
            "coffee", "bakery", "garden", "parking", "exit", "open", "closed", "sale", "price", "cash", "change",
            "tax", "discount", "subtotal", "rounding", "quantity", "item", "unit", "date", "time", "number",
            "signed", "certified", "valid", "until", "from", "to", "dear", "sincerely", "regards", "please",
            "meeting", "report", "project", "budget", "salary", "bonus", "transfer", "deposit", "credit");
    public static final List<String> NAMES = List.of("Anna Weber", "John Smith", "Maria Garcia", "Chen Wei",
            "Olivia Brown", "Lukas Meyer", "Sofia Rossi", "Ahmed Khan", "Emma Dubois", "Noah Wilson", "Aiko Tanaka",
            "Lea Novak", "Omar Haddad", "Ines Silva", "Paul Martin", "Eva Larsen");
    public static final List<String> ITEMS = List.of("Paper A4", "Toner black", "Desk lamp", "USB cable",
            "Office chair", "Notebook", "Stapler", "Coffee beans", "Printer service", "Monitor 24in", "Keyboard",
            "Consulting hours", "Shipping", "Cleaning", "Software licence", "Water 1.5L", "Envelopes");
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

    private TextOps() {
    }

    public static <T> T pick(List<T> list, SplittableRandom rnd) {
        return list.get(rnd.nextInt(list.size()));
    }

    /**
     * A changed version of {@code text} that differs from it and keeps its look: digits become other digits
     * (amounts, dates), letters other letters of the same case; {@code chars} characters change at most.
     */
    public static String alter(String text, SplittableRandom rnd, int chars) {
        char[] c = text.toCharArray();
        int changeable = 0;
        for (char ch : c) {
            if (Character.isLetterOrDigit(ch)) {
                changeable++;
            }
        }
        if (changeable == 0) {
            return text + pickDigit(rnd, '0');
        }
        int wanted = Math.max(1, Math.min(chars, changeable));
        boolean digitsFirst = text.chars().anyMatch(Character::isDigit);
        int changed = 0;
        boolean[] done = new boolean[c.length];
        for (int attempt = 0; attempt < 200 && changed < wanted; attempt++) {
            int i = rnd.nextInt(c.length);
            char ch = c[i];
            if (done[i]) {
                continue;
            }
            if (digitsFirst && !Character.isDigit(ch) && attempt < 100) {
                continue;
            }
            if (Character.isDigit(ch)) {
                c[i] = pickDigit(rnd, ch);
            } else if (Character.isUpperCase(ch) && UPPER.indexOf(ch) >= 0) {
                c[i] = pickOther(UPPER, ch, rnd);
            } else if (LOWER.indexOf(ch) >= 0) {
                c[i] = pickOther(LOWER, ch, rnd);
            } else {
                continue;
            }
            done[i] = true;
            changed++;
        }
        String out = new String(c);
        return out.equals(text) ? text + pickDigit(rnd, '0') : out;
    }

    /** A different word of about the same length, capitalized like the original. */
    public static String replaceWord(String word, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String w = pick(WORDS, rnd);
            if (Math.abs(w.length() - word.length()) <= 2 && !w.equalsIgnoreCase(word)) {
                return matchCase(w, word);
            }
        }
        return alter(word, rnd, 2);
    }

    static String matchCase(String w, String like) {
        if (like.length() > 1 && like.equals(like.toUpperCase())) {
            return w.toUpperCase();
        }
        if (!like.isEmpty() && Character.isUpperCase(like.charAt(0))) {
            return Character.toUpperCase(w.charAt(0)) + w.substring(1);
        }
        return w;
    }

    private static char pickDigit(SplittableRandom rnd, char not) {
        char d;
        do {
            d = (char) ('0' + rnd.nextInt(10));
        } while (d == not);
        return d;
    }

    private static char pickOther(String alphabet, char not, SplittableRandom rnd) {
        char d;
        do {
            d = alphabet.charAt(rnd.nextInt(alphabet.length()));
        } while (d == not);
        return d;
    }

    public static String amount(SplittableRandom rnd) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", 1 + rnd.nextInt(900), rnd.nextInt(100));
    }

    public static String date(SplittableRandom rnd) {
        return String.format(java.util.Locale.ROOT, "%02d/%02d/20%02d", 1 + rnd.nextInt(28), 1 + rnd.nextInt(12),
                10 + rnd.nextInt(16));
    }
}

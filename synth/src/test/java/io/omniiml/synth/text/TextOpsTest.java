package io.omniiml.synth.text;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextOpsTest {
    @Test
    void alterChangesTextKeepsLengthAndCharacterClasses() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (String s : new String[]{"TOTAL 12.50", "a", "07/03/2018", "Invoice", "-"}) {
            for (int k = 0; k < 20; k++) {
                String t = TextOps.alter(s, rnd, 2);
                assertNotEquals(s, t);
                if (s.chars().anyMatch(Character::isLetterOrDigit)) {
                    assertEquals(s.length(), t.length());
                    for (int i = 0; i < s.length(); i++) {
                        assertEquals(Character.isDigit(s.charAt(i)), Character.isDigit(t.charAt(i)), s + " -> " + t);
                    }
                }
            }
        }
    }

    @Test
    void replaceWordGivesAnotherWordWithTheSameCapitalisation() {
        SplittableRandom rnd = new SplittableRandom(2);
        String t = TextOps.replaceWord("Payment", rnd);
        assertNotEquals("payment", t.toLowerCase());
        assertTrue(Character.isUpperCase(t.charAt(0)));
        String upper = TextOps.replaceWord("TOTAL", rnd);
        assertEquals(upper.toUpperCase(), upper);
        assertNotEquals("TOTAL", upper);
    }
}

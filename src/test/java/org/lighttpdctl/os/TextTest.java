package org.lighttpdctl.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The loops of {@link Text} answer as the regexes they replaced, on fixed and random strings. */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class TextTest {
    private static final String ALPHABET = "0129-.dconfutpi \t\n\u000b\f\r\u00a0x\u0660";

    private static List<String> samples() {
        List<String> samples = new java.util.ArrayList<>(List.of("", "0", "-", "-1", "--1", "12", "-12", "123",
                "65535", "65536", "123456", "1234567890", "1.d", "12.d", ".d", "a.d", "1.dd", "1.conf", "1.out",
                "1.pid", "1.generation", "123456789012345678.d", "1234567890123456789.d", "\u0661.d",
                "Uid:\t0\t1\t2\t3", "  lead", "trail  ", " ", "   ", "a b", "\t", "12345.67 890.12\n"));
        Random random = new Random(15);
        for (int n = 0; n < 20000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            samples.add(s.toString());
        }
        return samples;
    }

    @Test
    void digitsAsTheRegex() {
        for (String s : samples()) {
            assertEquals(s.matches("[0-9]{1,5}"), Text.isDigits(s, 1, 5, false), s);
            assertEquals(s.matches("\\d{1,9}"), Text.isDigits(s, 1, 9, false), s);
            assertEquals(s.matches("-?\\d{1,2}"), Text.isDigits(s, 1, 2, true), s);
        }
    }

    @Test
    void numberedAsTheRegex() {
        for (String s : samples()) {
            assertEquals(s.matches("[0-9]{1,18}\\.d"), Text.isNumbered(s, ".d"), s);
            assertEquals(s.matches("[0-9]{1,18}\\.generation"), Text.isNumbered(s, ".generation"), s);
            assertEquals(s.matches("[0-9]{1,18}\\.(conf|out|pid)"),
                    Text.isNumbered(s, ".conf") || Text.isNumbered(s, ".out") || Text.isNumbered(s, ".pid"), s);
        }
    }

    @Test
    void splitAsTheRegex() {
        for (String s : samples()) {
            assertArrayEquals(s.split("\\s+"), Text.splitWhitespace(s), s);
            assertArrayEquals(s.trim().split("\\s+"), Text.splitWhitespace(s.trim()), s);
        }
    }
}

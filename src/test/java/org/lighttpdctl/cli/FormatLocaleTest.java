package org.lighttpdctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.DecimalFormatSymbols;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Main makes the format locale en-US where it was plain "en" (C, C.UTF-8, POSIX): that must not change a number the
 * tool prints, on the JDK the tests run on.
 */
@org.junit.jupiter.api.Tag("unit") // pure: neither root nor lighttpd (make test-unit)
class FormatLocaleTest {
    @Test
    void onlyPlainEnglishBecomesUs() {
        assertEquals(Locale.US, Main.formatLocaleFor(Locale.ENGLISH));
        for (Locale other : new Locale[] {Locale.US, Locale.UK, Locale.GERMANY, Locale.FRENCH, Locale.ROOT,
                Locale.forLanguageTag("en-IN")}) {
            assertEquals(other, Main.formatLocaleFor(other), other.toLanguageTag());
        }
    }

    @Test
    void englishAndUsFormatNumbersAlike() {
        DecimalFormatSymbols en = DecimalFormatSymbols.getInstance(Locale.ENGLISH);
        DecimalFormatSymbols us = DecimalFormatSymbols.getInstance(Locale.US);
        assertEquals(en.getZeroDigit(), us.getZeroDigit());
        assertEquals(en.getDecimalSeparator(), us.getDecimalSeparator());
        assertEquals(en.getGroupingSeparator(), us.getGroupingSeparator());
        assertEquals(en.getMinusSign(), us.getMinusSign());
        assertEquals(en.getExponentSeparator(), us.getExponentSeparator());
        assertEquals(en.getInfinity(), us.getInfinity());
        assertEquals(en.getNaN(), us.getNaN());
        for (Object value : new Object[] {0, -7, 1234567, 65535L, 0.5, -12.25, 1234567.891, Double.NaN}) {
            for (String format : new String[] {"%d", "%,d", "%6.1f", "%.3f", "%,.2f", "%s", "%08x", "%e"}) {
                String en1;
                String us1;
                try {
                    en1 = String.format(Locale.ENGLISH, format, value);
                    us1 = String.format(Locale.US, format, value);
                } catch (java.util.IllegalFormatException e) {
                    continue; // a conversion that does not apply to this value
                }
                assertEquals(en1, us1, format + " of " + value);
            }
        }
    }
}

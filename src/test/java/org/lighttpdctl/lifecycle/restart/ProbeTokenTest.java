package org.lighttpdctl.lifecycle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The token a new generation answers probes with: 96 random bits as hex, new for every restart. */
@Tag("unit")
class ProbeTokenTest {

    @Test
    void everyTokenIsTwentyFourHexDigitsAndNoneRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ReadinessProbe.newToken();
            assertTrue(token.matches("[0-9a-f]{24}"), token);
            seen.add(token);
        }
        assertEquals(1000, seen.size(), "1000 tokens, all different");
    }
}

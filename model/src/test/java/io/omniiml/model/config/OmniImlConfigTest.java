package io.omniiml.model.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniImlConfigTest {
    @Test
    void bundledConfigsLoadAndRoundTrip(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"tiny", "small", "base"}) {
            OmniImlConfig c = OmniImlConfig.named(name);
            assertEquals(name, c.name());
            assertEquals(4, c.widths().size());
            Path f = dir.resolve(name + ".json");
            c.write(f);
            assertEquals(c, OmniImlConfig.read(f));
        }
        assertEquals(4, OmniImlConfig.named("tiny").dwd().experts());
    }

    @Test
    void invalidConfigsAreRejectedWithTheReason(@TempDir Path dir) throws IOException {
        String narrow = OmniImlConfig.named("tiny").toJson().replace("\"auxWidth\" : 16", "\"auxWidth\" : 8");
        Path f = dir.resolve("narrow.json");
        Files.writeString(f, narrow);
        IOException e = assertThrows(IOException.class, () -> OmniImlConfig.read(f));
        assertTrue(e.getMessage().contains("narrow.json") && e.getMessage().contains("auxWidth"), e.getMessage());

        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, OmniImlConfig.named("tiny").toJson().replace("{", "{\"widht\": 3,"));
        e = assertThrows(IOException.class, () -> OmniImlConfig.read(unknown));
        assertTrue(e.getMessage().contains("widht"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> OmniImlConfig.named("huge"));
        String badCrop = OmniImlConfig.named("tiny").toJson().replace("\"trainCrop\" : 256", "\"trainCrop\" : 250");
        assertThrows(IOException.class, () -> OmniImlConfig.parse(badCrop));
    }
}

package io.omniiml.synth;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleGeneratorTest {
    static SampleGenerator generator(Task task, long seed, Split split) {
        return SampleGenerator.builder().setSplit(split).optTask(task).optSeed(seed).optCropSize(256)
                .optAuthenticFraction(0.2).optThreads(2).optSources(TestData.root()).build();
    }

    @Test
    void sameSeedAndIndexGiveIdenticalBytesWhateverTheOrderOrThread() {
        SampleGenerator a = SampleGenerator.builder().optSeed(11).optCropSize(256).optThreads(2)
                .optSources(TestData.root()).build();
        SampleGenerator b = SampleGenerator.builder().optSeed(11).optCropSize(256).optThreads(2)
                .optSources(TestData.root()).build();
        List<SyntheticSample> forward = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            forward.add(a.generate(i));
        }
        List<SyntheticSample> parallel = new ArrayList<>();
        try (PrefetchingIterator it = b.prefetchingIterator(0)) {
            for (int i = 0; i < 6; i++) {
                parallel.add(it.next());
            }
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(forward.get(i).id(), parallel.get(i).id());
            assertArrayEquals(forward.get(i).encoded(), parallel.get(i).encoded(), "sample " + i);
            assertArrayEquals(forward.get(i).mask().data(), parallel.get(i).mask().data());
            assertEquals(forward.get(i).manipulation(), parallel.get(i).manipulation());
        }
        // Out of order, on a fresh generator (empty cache): still the same bytes.
        SyntheticSample late = generator(Task.NATURAL, 11, Split.TRAIN).generate(3);
        SyntheticSample again = generator(Task.NATURAL, 11, Split.TRAIN).generate(3);
        assertArrayEquals(late.encoded(), again.encoded());
        assertFalse(Arrays.equals(late.encoded(), generator(Task.NATURAL, 12, Split.TRAIN).generate(3).encoded()));
    }

    @Test
    void labelsAgreeWithTheMaskForEveryTask() {
        for (Task task : Task.values()) {
            SampleGenerator gen = generator(task, 3, Split.TRAIN);
            int tampered = 0;
            for (int i = 0; i < 5; i++) {
                SyntheticSample s = gen.generate(i);
                assertEquals(task, s.task());
                assertEquals(s.image().getWidth(), s.mask().width());
                assertEquals(s.image().getHeight(), s.mask().height());
                assertEquals(s.format().equals("jpeg"), s.encoded()[0] == (byte) 0xFF && s.encoded()[1] == (byte) 0xD8);
                JsonNode d = s.description();
                for (String field : List.of("content", "absolute_position", "relative_position", "artifacts")) {
                    assertTrue(d.has(field), s.id() + " lacks " + field);
                }
                if (s.authentic()) {
                    assertEquals(0, s.mask().count());
                    assertTrue(s.manipulation().get("authentic").asBoolean());
                    continue;
                }
                tampered++;
                assertEquals(MaskOps.boxes(s.mask(), 1), s.boxes());
                long covered = 0;
                for (Box b : s.boxes()) {
                    for (int y = b.y(); y < b.maxY(); y++) {
                        for (int x = b.x(); x < b.maxX(); x++) {
                            covered += s.mask().get(x, y) ? 1 : 0;
                        }
                    }
                }
                assertTrue(covered >= s.mask().count(), s.id() + ": boxes miss mask pixels");
                assertEquals(s.mask().count(), d.get("content").get("area_px").asLong());
                Box u = DescriptionOps.union(s.boxes());
                JsonNode nb = d.get("absolute_position").get("box_normalized");
                assertEquals((double) u.x() / s.mask().width(), nb.get(0).asDouble(), 1e-3);
                assertEquals((double) u.height() / s.mask().height(), nb.get(3).asDouble(), 1e-3);
                assertEquals(s.boxes().size(), d.get("absolute_position").get("regions").asInt());
                assertTrue(d.get("artifacts").size() >= 2, s.id());
                JsonNode content = d.get("content");
                if (content.path("kind").asText().equals("text")) {
                    assertNotEquals(content.get("original_text").asText(), content.get("new_text").asText(), s.id());
                }
                String type = s.manipulation().get("type").asText();
                assertTrue(type.equals("composite") || s.manipulation().get("steps").get(0).get("type").asText()
                        .equals(type));
            }
            assertTrue(tampered > 0, task + ": no tampered sample in 5");
        }
    }

    @Test
    void validationSamplesUseOnlyValidationSources() {
        for (Task task : List.of(Task.NATURAL, Task.FACE, Task.DOCUMENT)) {
            SampleGenerator gen = generator(task, 5, Split.VAL);
            for (int i = 0; i < 4; i++) {
                SyntheticSample s = gen.generate(i);
                assertEquals("val", s.split());
                assertEquals(Split.VAL, Split.of(s.manipulation().get("source").get("name").asText()));
                for (JsonNode step : s.manipulation().get("steps")) {
                    if (step.has("donor")) {
                        assertEquals(Split.VAL, Split.of(step.get("donor").asText()), s.id());
                    }
                }
            }
        }
    }
}

package io.omniiml.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScanOptionsTest {
    @Test
    void defaultsAreTheNetworkWithPngMasksAndExplanations() {
        ScanOptions o = ScanOptions.builder().build();
        assertEquals(ScanOptions.DEFAULT_DETECTOR, o.detector());
        assertNull(o.model());
        assertEquals(MaskFormat.PNG, o.maskFormat());
        assertEquals(0.5, o.threshold());
        assertEquals(true, o.explain());
        assertEquals(0, o.partitions());
    }

    @Test
    void rejectsValuesOutsideTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> ScanOptions.builder().optThreshold(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> ScanOptions.builder().optThreshold(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> ScanOptions.builder().optPartitions(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ScanOptions.builder().optMaxFileBytes(0).build());
        assertThrows(IllegalArgumentException.class, () -> ScanOptions.builder().optDetector(" ").build());
    }
}

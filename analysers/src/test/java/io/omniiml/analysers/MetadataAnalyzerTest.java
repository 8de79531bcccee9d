package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.image.ImageLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataAnalyzerTest {
    @Test
    void aFreshlyEncodedImageHasNoCameraAndNoThumbnail() {
        Evidence ev = new MetadataAnalyzer().analyze(TestImages.loadJpeg(TestImages.texture(64, 64, 1), 90, "plain.jpg"));
        assertTrue(ev.findings().contains("no camera make or model in the metadata"), ev.findings().toString());
        assertTrue(ev.findings().contains("no embedded EXIF thumbnail"), ev.findings().toString());
        assertEquals(List.of(), ev.stats().get("editing_software"));
    }

    @Test
    void recognizesPhotoshopInARealFile() throws Exception {
        String shared = System.getenv().getOrDefault("OMNIIML_SHARED", "/work/shared");
        Path file = Path.of(shared, "data/dev/casia_jpeg_samples/images/Sp_S_NNN_A_ani0041_ani0041_0199.jpg");
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared data not present");
        Evidence ev = new MetadataAnalyzer().analyze(ImageLoader.DEFAULT.load(file));
        assertTrue(ev.stats().get("editing_software").toString().contains("Photoshop"), ev.stats().toString());
    }

    @Test
    void editorPatternMatchesCommonTools() {
        assertTrue(MetadataAnalyzer.EDITORS.matcher("GIMP 2.10.34").find());
        assertTrue(MetadataAnalyzer.EDITORS.matcher("Adobe Photoshop 25.0 (Windows)").find());
        assertTrue(!MetadataAnalyzer.EDITORS.matcher("HDR+ 1.0.540104767zd").find());
    }
}

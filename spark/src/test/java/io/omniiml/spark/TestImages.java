package io.omniiml.spark;

import org.apache.spark.sql.SparkSession;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** A shared local Spark session and small generated images (a smooth background with a noisy pasted patch). */
final class TestImages {
    /** The network with the bundled default model and its fusion rule, as users run the job. */
    static final String DETECTOR = "network";

    private static SparkSession spark;

    private TestImages() {
    }

    /** local[2] as the issue asks; never stopped, so all test classes of the fork share it (start-up costs seconds). */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("omniiml-spark-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return spark;
    }

    static BufferedImage image(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color(x * 255 / width, y * 255 / height, 128).getRGB());
            }
        }
        int px = width / 4;
        int py = height / 4;
        for (int y = py; y < py + height / 3; y++) {
            for (int x = px; x < px + width / 3; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return img;
    }

    static Path write(Path dir, String name, int width, int height, long seed) throws IOException {
        Path file = dir.resolve(name);
        String format = name.endsWith(".png") ? "png" : "jpeg";
        if (!ImageIO.write(image(width, height, seed), format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    /** A file named like a JPEG that holds no image. */
    static Path corrupt(Path dir, String name) throws IOException {
        byte[] junk = new byte[300];
        new Random(3).nextBytes(junk);
        junk[0] = (byte) 0xFF;
        junk[1] = (byte) 0xD8; // a JPEG start marker, then garbage: the decoder must fail cleanly
        return Files.write(dir.resolve(name), junk);
    }
}

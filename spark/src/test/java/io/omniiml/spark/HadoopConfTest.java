package io.omniiml.spark;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HadoopConfTest {
    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.s3a.endpoint", "http://minio:9000");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new HadoopConf(conf));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            HadoopConf copy = (HadoopConf) in.readObject();
            assertEquals("http://minio:9000", copy.get().get("fs.s3a.endpoint"));
        }
    }
}

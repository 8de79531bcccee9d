package io.omniiml.spark;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The driver's Hadoop configuration, shipped to the executors so that they open input files with the user's
 * file-system settings (HDFS name node, S3 credentials provider, ...). Hadoop's Configuration is Writable, not
 * Serializable; Spark's own wrapper is internal API.
 */
final class HadoopConf implements Serializable {
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    Configuration get() {
        return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}

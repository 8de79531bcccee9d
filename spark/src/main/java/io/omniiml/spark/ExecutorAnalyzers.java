package io.omniiml.spark;

import io.omniiml.api.ImageAnalyzer;
import io.omniiml.pipeline.Detectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One analyzer per executor JVM and (detector, model): loading a network costs seconds and hundreds of MB, so it
 * happens on the first task that needs it and every later task and partition of any job in this JVM reuses it
 * (analyzers are thread-safe, so concurrent tasks share it). A model on a remote file system (HDFS, S3, ...) is
 * copied once to a local temporary folder (left for the cluster's temp cleanup), because the network loader reads
 * local files.
 */
final class ExecutorAnalyzers {
    /** The analyzer and the id of the model it runs (the {@code model_id} column). */
    record Loaded(ImageAnalyzer analyzer, String modelId) {
    }

    private record Key(String detector, String model) {
    }

    private static final Map<Key, Loaded> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorAnalyzers() {
    }

    /** The analyzer for {@code options}, loaded on first use in this JVM. Failures are not cached: a later task retries. */
    static Loaded get(ScanOptions options, Configuration conf) {
        return LOADED.computeIfAbsent(new Key(options.detector(), options.model()), key -> {
            try {
                return load(key, conf);
            } catch (Exception e) {
                throw new IllegalStateException("cannot load the " + key.detector() + " analyzer"
                        + (key.model() == null ? " (default model)" : " from " + key.model()) + ": " + e, e);
            }
        });
    }

    /** How many analyzers this JVM has loaded so far (the tests check: one per options, not one per partition). */
    static int loads() {
        return LOADS.get();
    }

    private static Loaded load(Key key, Configuration conf) throws Exception {
        LOADS.incrementAndGet();
        if (key.model() == null) {
            ImageAnalyzer analyzer = Detectors.create(key.detector(), null);
            return new Loaded(analyzer, ModelProvenance.ofDescription(analyzer.describe()));
        }
        Path model = new Path(key.model());
        String modelId = ModelProvenance.ofFolder(model, conf);
        return new Loaded(Detectors.create(key.detector(), localCopy(model, conf)), modelId);
    }

    /** The model folder as a local path: itself when it is local, else a copy in a temporary folder. */
    private static java.nio.file.Path localCopy(Path model, Configuration conf) throws IOException {
        FileSystem fs = model.getFileSystem(conf);
        Path qualified = fs.makeQualified(model);
        if (fs instanceof LocalFileSystem) {
            return java.nio.file.Path.of(qualified.toUri());
        }
        java.nio.file.Path local = Files.createTempDirectory("omniiml-model-");
        fs.copyToLocalFile(false, qualified, new Path(local.toUri()), true);
        return local.resolve(qualified.getName());
    }
}

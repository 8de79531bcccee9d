package io.omniiml.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.model.nn.OmniImlNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Omni-IML network with its configuration and provenance: what {@code models/<name>/} holds on disk.
 *
 * <p>Model directory layout: {@code config.json} (an {@link OmniImlConfig}), {@code provenance.json} (a free-form
 * JSON object: data, steps, commit, metrics; the training pipeline fills it) and {@code parameters.params}
 * (DJL's parameter serialization, {@code Block.saveParameters}). The Anomaly Enhancement parameters are stored too,
 * so that training can resume; inference never uses them.
 *
 * <p>Thread safety: the parameters are read-only at inference, so any number of {@link io.omniiml.model.infer
 * .NetworkDetector}s may share one model; training ({@link io.omniiml.training.step.OmniImlTrainer}) changes them and
 * must not run concurrently with inference on the same model.
 */
public final class OmniImlModel implements AutoCloseable {
    public static final String CONFIG_FILE = "config.json";
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String PARAMETERS_FILE = "parameters.params";
    /** Provenance key counting applied training steps; absent or 0 means the weights are random. */
    public static final String STEPS_KEY = "steps";

    private static final Logger LOG = LoggerFactory.getLogger(OmniImlModel.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Model model;
    private final OmniImlNetwork network;
    private final ObjectNode provenance;
    private final String origin;
    private volatile boolean warned;

    private OmniImlModel(OmniImlConfig config, ObjectNode provenance, String origin) {
        this.model = Model.newInstance("omniiml-" + config.name(), "PyTorch");
        this.network = new OmniImlNetwork(config);
        this.provenance = provenance;
        this.origin = origin;
        model.setBlock(network);
        int side = 2 * OmniImlConfig.MAX_STRIDE;
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, side, side), new Shape(1, side, side),
                new Shape(1, 64));
    }

    /** A network with random weights (seeded): for training, tests and benchmarks, useless for detection. */
    public static OmniImlModel untrained(OmniImlConfig config, long seed) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        ObjectNode provenance = JSON.createObjectNode();
        provenance.put("initialization", "random");
        provenance.put("seed", seed);
        provenance.put(STEPS_KEY, 0);
        OmniImlModel model = new OmniImlModel(config, provenance, "untrained " + config.name() + " (seed " + seed + ")");
        if (config.pretrained() != null) {
            Path weights = resolvePretrained(config.pretrained());
            try {
                model.network.loadPretrainedVisualHead(model.model.getNDManager(), weights);
            } catch (IOException e) {
                model.close();
                throw new UncheckedIOException(e);
            }
            provenance.put("initialization", "random, visual head from " + weights.getFileName());
            ObjectNode pretrained = provenance.putObject("pretrained");
            pretrained.put("file", config.pretrained());
            Path record = weights.resolveSibling("provenance.json");
            if (Files.isRegularFile(record)) {
                try {
                    pretrained.set("provenance", JSON.readTree(record.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException(record + ": unreadable provenance record", e);
                }
            }
        }
        return model;
    }

    /** A relative path is looked up from the working directory and its parents (tests run in module folders). */
    static Path resolvePretrained(String file) {
        Path given = Path.of(file);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && !given.isAbsolute(); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(given))) {
                return dir.resolve(given);
            }
        }
        if (Files.isRegularFile(given)) {
            return given;
        }
        throw new UncheckedIOException(new NoSuchFileException(file + ": pretrained weights not found (from "
                + Path.of("").toAbsolutePath() + " and its parents); see docs/pretrained.md"));
    }

    /** Environment variable naming the default model directory (else {@code models/default} in the working directory). */
    public static final String MODEL_ENV = "OMNIIML_MODEL";

    /** The default model directory: $OMNIIML_MODEL, else models/default (it may not exist). */
    public static Path defaultDirectory() {
        String env = System.getenv(MODEL_ENV);
        return Path.of(env != null && !env.isBlank() ? env : "models/default");
    }

    /**
     * The model in {@code dir}, or when {@code dir} is null the default model if it exists, else an untrained
     * {@code tiny} network (seed 0) with a loud warning.
     */
    public static OmniImlModel loadOrDefault(Path dir) throws IOException {
        if (dir != null) {
            return load(dir);
        }
        Path def = defaultDirectory();
        if (Files.isRegularFile(def.resolve(PARAMETERS_FILE))) {
            return load(def);
        }
        OmniImlModel untrained = untrained(OmniImlConfig.named("tiny"), 0);
        LOG.warn("no trained model at {} (set {} or pass --model DIR)", def.toAbsolutePath(), MODEL_ENV);
        untrained.warnIfUntrained();
        return untrained;
    }

    /** Loads a model directory; any problem gives an IOException naming the file and what does not match. */
    public static OmniImlModel load(Path dir) throws IOException {
        Path configFile = dir.resolve(CONFIG_FILE);
        Path parametersFile = dir.resolve(PARAMETERS_FILE);
        Path provenanceFile = dir.resolve(PROVENANCE_FILE);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + ": not a model directory (expected " + CONFIG_FILE + ", "
                    + PARAMETERS_FILE + ", " + PROVENANCE_FILE + ")");
        }
        for (Path required : new Path[] {configFile, parametersFile}) {
            if (!Files.isRegularFile(required)) {
                throw new NoSuchFileException(required + ": missing from model directory " + dir);
            }
        }
        OmniImlConfig config = OmniImlConfig.read(configFile);
        ObjectNode provenance = JSON.createObjectNode();
        if (Files.isRegularFile(provenanceFile)) {
            JsonNode node = JSON.readTree(provenanceFile.toFile());
            if (!(node instanceof ObjectNode object)) {
                throw new IOException(provenanceFile + ": provenance must be a JSON object");
            }
            provenance = object;
        }
        OmniImlModel loaded = new OmniImlModel(config, provenance, dir.toString());
        try {
            loaded.loadParameters(parametersFile);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    private void loadParameters(Path file) throws IOException {
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            expected.put(p.getKey(), p.getValue().getShape());
        }
        String mismatch = "does not match " + CONFIG_FILE + " (config '" + config().name() + "', "
                + expected.size() + " parameter arrays)";
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(raw)) {
            network.loadParameters(model.getNDManager(), in);
            if (in.read() != -1) {
                throw new IOException(file + ": " + mismatch + ": the file holds more parameters than the config builds");
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw (IOException) e;
            }
            throw new IOException(file + ": " + mismatch + ": " + e, e);
        }
        for (Pair<String, Parameter> p : network.getParameters()) {
            Shape actual = p.getValue().getArray().getShape();
            Shape want = expected.get(p.getKey());
            if (!actual.equals(want)) {
                throw new IOException(file + ": " + mismatch + ": parameter " + p.getKey() + " has shape " + actual
                        + " in the file, the config needs " + want);
            }
        }
    }

    /** Writes config.json, provenance.json and parameters.params into {@code dir} (created if needed). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        config().write(dir.resolve(CONFIG_FILE));
        JSON.writeValue(dir.resolve(PROVENANCE_FILE).toFile(), provenance);
        Path tmp = dir.resolve(PARAMETERS_FILE + ".tmp");
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp));
             DataOutputStream out = new DataOutputStream(raw)) {
            network.saveParameters(out);
        }
        Files.move(tmp, dir.resolve(PARAMETERS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public OmniImlConfig config() {
        return network.config();
    }

    public OmniImlNetwork network() {
        return network;
    }

    /** The DJL model (for predictors). */
    public Model djlModel() {
        return model;
    }

    /** Mutable provenance object, written by {@link #save}. */
    public ObjectNode provenance() {
        return provenance;
    }

    /** Whether any training step has been applied (provenance "steps" > 0). */
    public boolean isTrained() {
        return provenance.path(STEPS_KEY).asLong(0) > 0;
    }

    /** Where the model came from: its directory, or "untrained ..." */
    public String origin() {
        return origin;
    }

    /** Logs a loud warning (once per model) when this model's weights are random; returns whether they are. */
    public boolean warnIfUntrained() {
        if (isTrained()) {
            return false;
        }
        if (warned) {
            return true;
        }
        warned = true;
        LOG.warn("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                + "!! WARNING: the Omni-IML network has RANDOM weights ({}).\n"
                + "!! Its masks and scores are meaningless. Train a model or pass --model DIR.\n"
                + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", origin);
        return true;
    }

    /** Number of scalar parameters, all parts included. */
    public long parameterCount() {
        return count(false);
    }

    /** Number of scalar parameters used at inference (the Anomaly Enhancement head excluded). */
    public long inferenceParameterCount() {
        return count(true);
    }

    private long count(boolean inferenceOnly) {
        long n = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!(inferenceOnly && isTrainingOnly(p.getKey()))) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    /**
     * Whether a parameter, by its hierarchical name in {@code getParameters()} (DJL prefixes each child's name
     * with its index, e.g. "09anomalyEnhancement_01hidden_weight"), belongs to a training-only part.
     */
    public static boolean isTrainingOnly(String parameterName) {
        return parameterName.replaceFirst("^\\d+", "").startsWith(NetworkOutputs.AE_BLOCK + "_");
    }

    @Override
    public void close() {
        model.close();
    }
}

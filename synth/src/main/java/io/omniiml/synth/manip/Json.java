package io.omniiml.synth.manip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shared Jackson factory and small helpers for parameter objects. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array(double... values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            a.add(Math.round(v * 1000) / 1000.0);
        }
        return a;
    }

    public static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }
}

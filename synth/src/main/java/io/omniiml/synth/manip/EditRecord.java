package io.omniiml.synth.manip;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What an edit did, in the engine's own words: its parameters (manifest "manipulation"), the tampered
 * content (description "content"), where it is relative to the image's structure (null: the generator
 * describes the surroundings itself) and the artifacts it left.
 */
public record EditRecord(String type, ObjectNode parameters, ObjectNode content, String relativePosition,
                         List<String> artifacts) {
}

package io.omniiml.api;

import java.awt.image.BufferedImage;

/**
 * One forensic evidence map ready to show: {@code id} such as "ela", "noise", "jpeg"; a human title; its
 * visualization at image size (or smaller); and a one-line summary of what it measured (may be empty).
 */
public record EvidenceMap(String id, String title, BufferedImage visualization, String summary) {
}

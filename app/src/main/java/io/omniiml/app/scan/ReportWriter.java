package io.omniiml.app.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.pipeline.ResultJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code report.html}: a self-contained page (no network) over {@code results.jsonl}: counts, a table sortable by
 * clicking its headers (thumbnail linking to the overlay, file, status, score, tampered share, boxes, gate, time),
 * highest score first, and the list of files that failed with their problem.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static void write(Path results, Path html) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                try {
                    rows.add(ResultJson.MAPPER.readTree(line));
                } catch (IOException e) {
                    // an unreadable line is reported by the journal when it opens; the report shows the rest
                }
            }
        }
        rows.sort(Comparator.comparingDouble((JsonNode n) -> n.path("score").asDouble(-1)).reversed()
                .thenComparing(n -> n.path("path").asText()));
        List<JsonNode> failed = rows.stream().filter(n -> !"ok".equals(n.path("status").asText())).toList();
        long flagged = rows.stream().filter(n -> n.path("score").asDouble(0) > n.path("threshold").asDouble(0.5)).count();
        Map<String, Long> verdicts = rows.stream().filter(n -> n.hasNonNull("verdict"))
                .collect(Collectors.groupingBy(n -> n.path("verdict").asText(), TreeMap::new, Collectors.counting()));

        StringBuilder h = new StringBuilder(8192 + rows.size() * 600);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>omniiml scan report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}")
                .append("th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:middle}")
                .append("th{cursor:pointer;background:#f3f3f3;position:sticky;top:0}th:hover{background:#e4e4e4}")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}img{max-width:160px;max-height:120px}")
                .append(".error{color:#b00020}.high{color:#b00020;font-weight:bold}code{font-size:90%}</style></head><body>\n")
                .append("<h1>Scan report</h1>\n<p>").append(rows.size()).append(" files: ")
                .append(rows.size() - failed.size()).append(" analysed, ").append(failed.size()).append(" failed, ")
                .append(flagged).append(" with score above the threshold")
                .append(verdicts.isEmpty() ? "" : "; verdicts: " + esc(verdicts.toString().replaceAll("[{}]", "")))
                .append(". Source: <code>")
                .append(esc(results.getFileName().toString())).append("</code>. Click a column header to sort.</p>\n");
        h.append("<table id=\"results\"><thead><tr>");
        String[][] headers = {{"overlay", "none"}, {"file", "text"}, {"status", "text"}, {"score", "num"},
                {"verdict", "text"}, {"tampered %", "num"}, {"boxes", "num"}, {"gate", "text"}, {"size", "num"}, {"ms", "num"}, {"note", "text"}};
        for (int i = 0; i < headers.length; i++) {
            h.append("<th data-type=\"").append(headers[i][1]).append("\" onclick=\"sortBy(").append(i).append(")\">")
                    .append(headers[i][0]).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (JsonNode n : rows) {
            boolean ok = "ok".equals(n.path("status").asText());
            double score = n.path("score").asDouble(-1);
            h.append("<tr><td>");
            // Journals written before schema omniiml.result/1 have the pictures at the top level, not under files.
            JsonNode files = n.has("files") ? n.path("files") : n;
            if (ok && files.hasNonNull("thumbnail")) {
                h.append("<a href=\"").append(esc(files.path("overlay").asText())).append("\"><img loading=\"lazy\" alt=\"overlay\" src=\"")
                        .append(esc(files.path("thumbnail").asText())).append("\"></a>");
            }
            h.append("</td><td title=\"").append(esc(n.path("path").asText())).append("\">")
                    .append(esc(fileName(n.path("path").asText()))).append("</td>");
            h.append("<td class=\"").append(ok ? "" : "error").append("\">").append(esc(n.path("status").asText())).append("</td>");
            h.append(num(ok ? String.format(Locale.ROOT, "%.3f", score) : "", score, ok && score > n.path("threshold").asDouble(0.5)));
            h.append("<td>").append(esc(n.path("verdict").asText(""))).append("</td>");
            double frac = n.path("tampered_fraction").asDouble(-1);
            h.append(num(ok ? String.format(Locale.ROOT, "%.2f", 100 * frac) : "", frac, false));
            int boxes = n.path("boxes").size();
            h.append(num(ok ? Integer.toString(boxes) : "", ok ? boxes : -1, false));
            h.append("<td>").append(esc(n.path("gate").asText(""))).append("</td>");
            long pixels = n.path("width").asLong(0) * n.path("height").asLong(0);
            h.append(num(ok ? n.path("width").asInt() + "x" + n.path("height").asInt() : "", pixels, false));
            h.append(num(Long.toString(n.path("elapsed_ms").asLong()), n.path("elapsed_ms").asLong(), false));
            h.append("<td class=\"").append(ok ? "" : "error").append("\">")
                    .append(esc(ok ? firstSentence(n.path("explanation")) : n.path("error").asText())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        h.append("<h2>Errors (").append(failed.size()).append(")</h2>\n<ul>\n");
        for (JsonNode n : failed) {
            h.append("<li><code>").append(esc(n.path("path").asText())).append("</code>: <span class=\"error\">")
                    .append(esc(n.path("error").asText())).append("</span></li>\n");
        }
        h.append("</ul>\n<script>\nlet sortState={col:3,dir:-1};\nfunction sortBy(c){\n")
                .append(" const t=document.getElementById('results'),b=t.tBodies[0],type=t.tHead.rows[0].cells[c].dataset.type;\n")
                .append(" if(type==='none')return;\n sortState.dir=(sortState.col===c)?-sortState.dir:(type==='num'?-1:1);sortState.col=c;\n")
                .append(" const key=r=>type==='num'?parseFloat(r.cells[c].dataset.v):r.cells[c].textContent.toLowerCase();\n")
                .append(" const rows=[...b.rows].sort((x,y)=>{const a=key(x),d=key(y);return (a<d?-1:a>d?1:0)*sortState.dir;});\n")
                .append(" rows.forEach(r=>b.appendChild(r));\n}\n</script>\n</body></html>\n");
        Path tmp = html.resolveSibling(html.getFileName() + ".tmp");
        Files.writeString(tmp, h, StandardCharsets.UTF_8);
        Files.move(tmp, html, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String num(String shown, double sortValue, boolean high) {
        return "<td class=\"num" + (high ? " high" : "") + "\" data-v=\"" + sortValue + "\">" + esc(shown) + "</td>";
    }

    /** The explanation's first sentence when the explainer wrote any, else "". */
    static String firstSentence(JsonNode explanation) {
        for (String field : List.of("summary", "text")) {
            if (explanation.path(field).isTextual()) {
                return explanation.path(field).asText();
            }
        }
        JsonNode sentences = explanation.path("sentences");
        if (sentences.isArray() && !sentences.isEmpty()) {
            return sentences.get(0).asText();
        }
        return "";
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

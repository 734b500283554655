package dev.hiper.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hpack-test-case stories (src/test/resources/hpack-test-case, see SOURCE.md there): every
 * case of every story decodes to exactly its headers, in order, one decoder per story since a
 * story's cases share one compression context; and the header sets of raw-data, encoded by
 * {@link HpackEncoder}, decode back to the same headers.
 */
class HpackStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** No story comes near it; the limit is tested elsewhere. */
    private static final long NO_LIST_LIMIT = Long.MAX_VALUE;

    @ParameterizedTest
    @CsvSource({"nghttp2, 32", "nghttp2-change-table-size, 31", "go-hpack, 32"})
    void everyCaseOfEveryStoryDecodesExactly(String encoder, int storyCount) throws Exception {
        List<Path> stories = stories(encoder);
        assertEquals(storyCount, stories.size(), "stories of " + encoder);
        int cases = 0;
        int sizeChanges = 0;
        for (Path story : stories) {
            HpackDecoder decoder = new HpackDecoder(Http2Limits.DEFAULT_HEADER_TABLE_SIZE, NO_LIST_LIMIT);
            for (JsonNode c : read(story).get("cases")) {
                String where = encoder + "/" + story.getFileName() + " case " + c.get("seqno").asInt();
                if (c.has("header_table_size")) {
                    // The size this end sent in SETTINGS and the peer acknowledged just before the case.
                    long size = c.get("header_table_size").asLong();
                    if (size != Http2Limits.DEFAULT_HEADER_TABLE_SIZE) {
                        sizeChanges++;
                    }
                    decoder.setTableSizeLimit(size);
                }
                byte[] wire = HexFormat.of().parseHex(c.get("wire").asText());
                List<HeaderField> decoded;
                try {
                    decoded = decoder.decode(wire, 0, wire.length);
                } catch (HpackException e) {
                    throw new AssertionError(where + ": " + e.getMessage(), e);
                }
                assertEquals(headers(c), decoded, where);
                assertTrue(decoder.tableSize() <= decoder.tableMaxSize(), where);
                cases++;
            }
        }
        assertTrue(cases > 1000, encoder + ": only " + cases + " cases");
        if (encoder.equals("nghttp2-change-table-size")) {
            assertTrue(sizeChanges > 0, "the table-size stories change the size");
        }
        System.out.printf("hpack-test-case %s: %d stories, %d cases decoded%n", encoder, stories.size(), cases);
    }

    /**
     * Each raw-data story through one encoder and one decoder, as a connection would, at the
     * default table size, with a small table (constant eviction), with none, and with the
     * peer changing the size every few blocks.
     */
    @ParameterizedTest
    @ValueSource(ints = {4096, 256, 0, -1})
    void encodedRawDataDecodesBackToTheSameHeaders(int tableSize) throws Exception {
        List<Path> stories = stories("raw-data");
        assertEquals(32, stories.size());
        int cases = 0;
        long wireOctets = 0;
        long plainOctets = 0;
        for (Path story : stories) {
            HpackEncoder encoder = new HpackEncoder(64 * 1024);
            HpackDecoder decoder = new HpackDecoder(Http2Limits.DEFAULT_HEADER_TABLE_SIZE, NO_LIST_LIMIT);
            setTableSize(encoder, decoder, tableSize == -1 ? 4096 : tableSize);
            OctetBuffer out = new OctetBuffer();
            int seq = 0;
            for (JsonNode c : read(story).get("cases")) {
                if (tableSize == -1 && seq % 3 == 2) {
                    setTableSize(encoder, decoder, new int[] {0, 100, 4096, 1000, 65536}[seq % 5]);
                }
                List<HeaderField> fields = headers(c);
                encoder.encode(fields, out);
                byte[] wire = out.take();
                assertEquals(fields, decoder.decode(wire, 0, wire.length), story.getFileName() + " case " + seq);
                wireOctets += wire.length;
                for (HeaderField f : fields) {
                    plainOctets += f.name().length() + f.value().length();
                }
                seq++;
                cases++;
            }
        }
        assertTrue(cases > 500, "only " + cases + " cases");
        if (tableSize == 4096) {
            // With the table and Huffman code at work the blocks are far smaller than the headers.
            assertTrue(wireOctets * 3 < plainOctets, wireOctets + " octets for " + plainOctets);
        }
        System.out.printf("raw-data, table %d: %d cases, %d header octets encoded into %d%n",
                tableSize, cases, plainOctets, wireOctets);
    }

    /** SETTINGS_HEADER_TABLE_SIZE from the decoding end reaches both, as a SETTINGS exchange would carry it. */
    private static void setTableSize(HpackEncoder encoder, HpackDecoder decoder, int size) {
        decoder.setTableSizeLimit(size);
        encoder.setPeerTableSizeLimit(size);
    }

    /** A case's headers as octets: the JSON holds text, HPACK carries its UTF-8 octets. */
    private static List<HeaderField> headers(JsonNode c) {
        List<HeaderField> fields = new ArrayList<>();
        for (JsonNode h : c.get("headers")) {
            Map.Entry<String, JsonNode> e = h.properties().iterator().next();
            fields.add(HeaderField.of(e.getKey().getBytes(StandardCharsets.UTF_8),
                    e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        }
        return fields;
    }

    static List<Path> stories(String encoder) throws IOException, URISyntaxException {
        Path dir = Path.of(HpackStoryTest.class.getResource("/hpack-test-case/" + encoder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    static JsonNode read(Path story) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(story))) {
            return JSON.readTree(in);
        }
    }
}

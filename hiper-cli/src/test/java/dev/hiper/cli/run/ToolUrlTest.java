package dev.hiper.cli.run;

import dev.hiper.curl.Curl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The command's URL edits and the url.* write-out parts, all through the URL API. */
class ToolUrlTest {

    @Test
    void writeOutPartsKeepTheFragmentAndGiveTheDefaultPort() {
        String url = "http://uuuu:pppp@127.0.0.1/424?qqqq#ffff";
        assertEquals("ffff", TransferFactory.urlPart(url, Curl.CURLUPART_FRAGMENT));
        assertEquals("80", TransferFactory.urlPart(url, Curl.CURLUPART_PORT));
        assertEquals("uuuu", TransferFactory.urlPart(url, Curl.CURLUPART_USER));
        assertEquals("qqqq", TransferFactory.urlPart(url, Curl.CURLUPART_QUERY));
        assertEquals("h55p", TransferFactory.urlPart("h55p://hello2000:1/424", Curl.CURLUPART_SCHEME));
        assertEquals("http", TransferFactory.urlPart("example.com", Curl.CURLUPART_SCHEME));
        assertNull(TransferFactory.urlPart("local host", Curl.CURLUPART_HOST));
        assertNull(TransferFactory.urlPart("http://h/", Curl.CURLUPART_OPTIONS));
    }

    @Test
    void remoteFileNameIsTheLastSegment() {
        assertEquals("file.txt", TransferFactory.remoteFileName("http://h/dir/file.txt?x=1#f"));
        assertEquals("dir", TransferFactory.remoteFileName("http://h/dir/"));
        assertEquals("curl_response", TransferFactory.remoteFileName("http://h"));
    }

    @Test
    void uploadNameIsAddedOnlyWhenThePathEndsInASlash() {
        assertEquals("http://h/dir/up%20load.txt", TransferFactory.addFileNameToUrl("http://h/dir/", "/tmp/up load.txt"));
        assertEquals("http://h/name", TransferFactory.addFileNameToUrl("http://h/name", "f"));
        assertEquals("http://h/?q", TransferFactory.addFileNameToUrl("http://h/?q", "f"));
        assertEquals("host.example/f", TransferFactory.addFileNameToUrl("host.example", "f"));
    }

    @Test
    void queryIsAppendedBeforeTheFragment() {
        assertEquals("http://h/p?a=1&b=%2A#frag", TransferFactory.appendQuery("http://h/p?a=1#frag", "b=%2a"));
        assertEquals("http://h/?x", TransferFactory.appendQuery("http://h", "x"));
        assertEquals("http://h/?x", TransferFactory.appendQuery("http://h/?", "x"));
        assertEquals("ftp.test/?hello", TransferFactory.appendQuery("ftp.test", "hello"));
    }
}

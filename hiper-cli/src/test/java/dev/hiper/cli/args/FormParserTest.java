package dev.hiper.cli.args;

import static org.junit.jupiter.api.Assertions.*;

import dev.hiper.cli.ToolEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -F}, {@code --form-string} and {@code --form-escape} read as curl's formparse reads them; nothing runs. */
@Timeout(30)
class FormParserTest {
    @TempDir
    Path dir;

    private ToolConfig parse(String... args) {
        ToolEnv te = new ToolEnv(new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), dir, new HashMap<>(), () -> false, false);
        return ArgParser.parse(args, te);
    }

    private FormPart form(String... args) {
        ToolConfig c = parse(args);
        assertEquals(ToolConfig.Action.TRANSFER, c.action(), c.messages().toString());
        Operation op = c.operations().get(0);
        assertEquals(Operation.RequestKind.MIMEPOST, op.requestKind);
        return op.form;
    }

    @Test
    void valuesFilesAndTheirAttributes() {
        FormPart root = form("http://h/", "-F", "name=daniel", "-F", "file=@up.txt;type=moo/foobar;filename=fake",
                "-F", "text=<in.txt;encoder=base64", "-F", "t=x;type=text/x-null;format=x-curl;headers=X-A: 1");
        assertEquals(FormPart.Kind.PARTS, root.kind);
        List<FormPart> p = root.subparts;
        assertEquals(4, p.size());
        assertEquals(FormPart.Kind.DATA, p.get(0).kind);
        assertEquals("name", p.get(0).name);
        assertEquals("daniel", p.get(0).data);
        assertEquals(FormPart.Kind.FILE, p.get(1).kind);
        assertEquals("up.txt", p.get(1).data);
        assertEquals("moo/foobar", p.get(1).type);
        assertEquals("fake", p.get(1).filename);
        assertEquals(FormPart.Kind.FILEDATA, p.get(2).kind);
        assertEquals("base64", p.get(2).encoder);
        assertEquals("text/x-null;format=x-curl", p.get(3).type, "a type's parameters stay with it");
        assertEquals(List.of("X-A: 1"), p.get(3).headers);
    }

    @Test
    void quotedWordsHoldSeparatorsAndEscapes() {
        FormPart root = form("http://h/", "-F", "f=@\"a,b;c.txt\";filename=\"x\\\\y\\\"z\"");
        FormPart f = root.subparts.get(0);
        assertEquals("a,b;c.txt", f.data);
        assertEquals("x\\y\"z", f.filename);
    }

    @Test
    void severalFilesMakeAGroupThatCarriesTheName() {
        FormPart root = form("http://h/", "-F", "file=@a.txt,b.txt;type=magic/content,c.txt");
        assertEquals(1, root.subparts.size());
        FormPart group = root.subparts.get(0);
        assertEquals(FormPart.Kind.PARTS, group.kind);
        assertEquals("file", group.name);
        assertEquals(3, group.subparts.size());
        assertEquals("magic/content", group.subparts.get(1).type);
        assertNull(group.subparts.get(0).name);
    }

    @Test
    void parenthesesNestAMultipart() {
        FormPart root = form("http://h/", "-F", "outer=(;type=multipart/alternative", "-F", "a=1", "-F", "=)",
                "-F", "b=2");
        assertEquals(2, root.subparts.size());
        FormPart nested = root.subparts.get(0);
        assertEquals("outer", nested.name);
        assertEquals("multipart/alternative", nested.type);
        assertEquals("a", nested.subparts.get(0).name);
        assertEquals("b", root.subparts.get(1).name);
    }

    @Test
    void formStringTakesTheValueAsItIs() {
        FormPart root = form("http://h/", "--form-string", "s=<verbatim;type=xxx/yyy", "--form-string", "a=@lit");
        assertEquals(FormPart.Kind.DATA, root.subparts.get(0).kind);
        assertEquals("<verbatim;type=xxx/yyy", root.subparts.get(0).data);
        assertNull(root.subparts.get(0).type);
        assertEquals("@lit", root.subparts.get(1).data);
    }

    @Test
    void standardInputIsReadWhenParsed() {
        FormPart root = form("http://h/", "-F", "up=@-;filename=/dev/null");
        FormPart f = root.subparts.get(0);
        assertEquals(FormPart.Kind.STDIN, f.kind);
        assertEquals("from stdin", new String(f.stdin, StandardCharsets.UTF_8));
        assertEquals("/dev/null", f.filename);
    }

    @Test
    void headersFromAFile() throws Exception {
        Files.writeString(dir.resolve("h.txt"), "# comment\nX-One: 1\n  folded\nX-Two: 2  \n\n");
        FormPart root = form("http://h/", "-F", "a=b;headers=@h.txt");
        assertEquals(List.of("X-One: 1  folded", "X-Two: 2"), root.subparts.get(0).headers);
    }

    @Test
    void formEscapeIsAnOperationSwitch() {
        assertTrue(parse("http://h/", "--form-escape", "-F", "a=b").operations().get(0).formEscape);
        assertFalse(parse("http://h/", "-F", "a=b").operations().get(0).formEscape);
    }

    @Test
    void badInputGetsCurlsWarningsAndExitCode() {
        ToolConfig c = parse("http://h/", "-F", "novalue");
        assertEquals(2, c.exitCode());
        String all = String.join("", c.messages());
        assertTrue(all.contains("Warning: Illegally formatted input field"), all);
        assertTrue(all.contains("option -F: is badly used here"), all);
        c = parse("http://h/", "-F", "=)");
        assertEquals(2, c.exitCode());
        assertTrue(String.join("", c.messages()).contains("no multipart to terminate"));
        c = parse("http://h/", "-I", "-F", "a=b");
        assertEquals(2, c.exitCode());
        assertTrue(String.join("", c.messages()).contains("You can only select one HTTP request method!"));
        c = parse("http://h/", "-F", "a=b;bogus=1", "-F", "c=\"q\" x");
        String warned = String.join("", c.messages());
        assertTrue(warned.contains("skip unknown form field: bogus=1"), warned);
        assertTrue(warned.contains("Trailing data after quoted form parameter"), warned);
        c = parse("http://h/", "-F", "a=<f;filename=x");
        assertTrue(String.join("", c.messages()).contains("Field filename not allowed here: x"));
    }
}

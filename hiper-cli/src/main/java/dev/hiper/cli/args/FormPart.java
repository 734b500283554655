package dev.hiper.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the multipart that {@code -F} options build (curl's tool_mime): a group of parts,
 * a text, a file sent with its name ({@code @file}) or without ({@code <file}), or standard input
 * read at parse time. Texts are byte strings, one char a byte.
 */
public final class FormPart {
    /** What a node holds. */
    public enum Kind { PARTS, DATA, FILE, FILEDATA, STDIN, STDINDATA }

    public final Kind kind;
    public final FormPart parent;
    /** The parts of a {@link Kind#PARTS} node, in order. */
    public final List<FormPart> subparts = new ArrayList<>();
    /** The text of a DATA node; the file name of a FILE or FILEDATA one. */
    public String data;
    /** What standard input held, for STDIN and STDINDATA. */
    public byte[] stdin;
    public String name;
    public String filename;
    public String type;
    public String encoder;
    public List<String> headers = List.of();

    FormPart(Kind kind, FormPart parent) {
        this.kind = kind;
        this.parent = parent;
        if (parent != null) {
            parent.subparts.add(this);
        }
    }
}

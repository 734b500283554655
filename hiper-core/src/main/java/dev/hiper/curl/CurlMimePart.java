package dev.hiper.curl;

import dev.hiper.internal.mime.MimePart;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code curl_mimepart *}: one part of a {@link CurlMime}. Each setter answers {@code CURLE_OK}
 * or why the value was refused; the content setters ({@link #data}, {@link #filedata},
 * {@link #dataCb}, {@link #subparts}) replace one another.
 */
public final class CurlMimePart {
    private final MimePart part;

    CurlMimePart(MimePart part) {
        this.part = part;
    }

    /**
     * {@code curl_mime_name}: the field name ({@code Content-Disposition}'s {@code name}); a
     * {@code "}, CR or LF in it is sent as {@code %22}, {@code %0D}, {@code %0A}.
     *
     * @param name the name; null for none
     * @return {@code CURLE_OK}
     */
    public CurlCode name(String name) {
        return part.name(name);
    }

    /**
     * {@code curl_mime_filename}: the remote file name ({@code filename} in
     * {@code Content-Disposition}), escaped as the name.
     *
     * @param filename the name; null for none
     * @return {@code CURLE_OK}
     */
    public CurlCode filename(String filename) {
        return part.filename(filename);
    }

    /**
     * {@code curl_mime_data}: the content, held in memory (copied).
     *
     * @param data the bytes; null for none
     * @return {@code CURLE_OK}
     */
    public CurlCode data(byte[] data) {
        return part.data(data);
    }

    /**
     * {@code curl_mime_data} of a string, sent as UTF-8.
     *
     * @param data the text; null for none
     * @return {@code CURLE_OK}
     */
    public CurlCode data(String data) {
        return part.data(data == null ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code curl_mime_filedata}: the content is this file, read as it is sent; its base name
     * becomes the part's filename (call {@link #filename} after to change or drop it), and with no
     * type set the type is guessed from the extension as libcurl does ({@code .gif}, {@code .jpg},
     * {@code .jpeg}, {@code .png}, {@code .svg}, {@code .txt}, {@code .htm}, {@code .html},
     * {@code .pdf}, {@code .xml}), else {@code application/octet-stream}.
     *
     * @param path the local file
     * @return {@code CURLE_OK}; {@code CURLE_READ_ERROR} when it does not exist
     */
    public CurlCode filedata(String path) {
        return part.filedata(path);
    }

    /**
     * {@code curl_mime_type}: the part's {@code Content-Type}.
     *
     * @param type the type, parameters allowed; null for the default
     * @return {@code CURLE_OK}
     */
    public CurlCode type(String type) {
        return part.type(type);
    }

    /**
     * {@code curl_mime_encoder}: the {@code Content-Transfer-Encoding} applied to the content.
     *
     * @param encoder {@code binary}, {@code 8bit}, {@code 7bit} (a byte over 127 fails the
     *     transfer with {@code CURLE_READ_ERROR}), {@code base64} or {@code quoted-printable};
     *     null for none
     * @return {@code CURLE_OK}; {@code CURLE_BAD_FUNCTION_ARGUMENT} for another name
     */
    public CurlCode encoder(String encoder) {
        return part.encoder(encoder);
    }

    /**
     * {@code curl_mime_headers}: header lines of the part's own, after those made for it; a
     * {@code Content-Type} line among them sets the type, a {@code Content-Disposition} one
     * replaces the made one.
     *
     * @param headers "Name: value" lines; null for none
     * @return {@code CURLE_OK}
     */
    public CurlCode headers(List<String> headers) {
        return part.headers(headers);
    }

    /**
     * {@code curl_mime_data_cb}: the content comes from a read callback, as it is sent.
     *
     * @param size the content's size, -1 when unknown (the body then goes chunked)
     * @param read gives the bytes, as {@code CURLOPT_READFUNCTION} does (0 ends the content,
     *     {@code CURL_READFUNC_PAUSE} and {@code CURL_READFUNC_ABORT} work as there)
     * @param seek called with offset 0 to read the content again; null when it cannot be
     * @param arg passed to both
     * @return {@code CURLE_OK}
     */
    public CurlCode dataCb(long size, CurlReadFunction read, CurlSeekFunction seek, Object arg) {
        return part.dataCb(size, read, seek, arg);
    }

    /**
     * {@code curl_mime_subparts}: the content is another multipart ({@code multipart/mixed}
     * unless a type is set), which this part then owns.
     *
     * @param subparts the multipart; null for none
     * @return {@code CURLE_OK}; {@code CURLE_BAD_FUNCTION_ARGUMENT} when it is already some part's
     *     content or holds this part
     */
    public CurlCode subparts(CurlMime subparts) {
        return part.subparts(subparts == null ? null : subparts.tree());
    }

    @Override
    public String toString() {
        return "CurlMimePart";
    }
}

package dev.hiper.cli.curltests;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as {@code /bin/sh} does (curl's harness runs the command
 * through the shell): blanks separate words; {@code '...'} is literal; inside {@code "..."} a
 * backslash escapes only {@code $ ` " \} and newline; outside quotes it escapes any character.
 * No expansions.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                inWord = true;
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    end = n;
                }
                cur.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                inWord = true;
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                        if (line.charAt(i + 1) != '\n') {
                            cur.append(line.charAt(i + 1));
                        }
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                i++;
            } else if (c == '\\') {
                inWord = true;
                if (i + 1 < n) {
                    if (line.charAt(i + 1) != '\n') {
                        cur.append(line.charAt(i + 1));
                    }
                    i += 2;
                } else {
                    i++;
                }
            } else {
                inWord = true;
                cur.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}

package dev.hiper.curl;

import java.util.ArrayList;
import java.util.List;

final class AutobahnDeflateCases {
    private AutobahnDeflateCases() {
    }

    static List<AutobahnCase> all() {
        return new ArrayList<>();
    }
}

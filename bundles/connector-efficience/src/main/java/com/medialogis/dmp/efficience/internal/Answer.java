package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.ConnectorException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An answer of the Efficience service, or one object in it, read field by field: a field missing
 * or of the wrong type is a permanent {@link ConnectorException} naming the command, the field and
 * what it held, never a default value.
 *
 * @param where the command, and the object within its answer when it is not the answer itself
 * @param fields the object
 */
record Answer(String where, JsonNode fields) {

    /** The code of a failure to understand an answer. */
    static final String MALFORMED = "MALFORMED_ANSWER";

    /** @return the field's text, which must be there */
    String text(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, "a string");
        }
        return value.asText();
    }

    /** @return the field's text, empty when the field is absent or empty */
    Optional<String> optionalText(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(field, "a string");
        }
        return value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }

    /** @return the field's integer, which must be there */
    int integer(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || !value.isInt()) {
            throw malformed(field, "an integer");
        }
        return value.asInt();
    }

    /** @return the field's object, which must be there, read with the same checks */
    Answer object(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || !value.isObject()) {
            throw malformed(field, "an object");
        }
        return new Answer(where + " " + field, value);
    }

    /** @return the field's integer, empty when the field is absent */
    Optional<Integer> optionalInteger(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isInt()) {
            throw malformed(field, "an integer");
        }
        return Optional.of(value.asInt());
    }

    /**
     * @return the objects of an array field, each an answer of its own named by its place (an
     *     absent or null field is an empty array)
     * @throws ConnectorException when the field is not an array of objects
     */
    List<Answer> items(String field) throws ConnectorException {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw malformed(field, "an array");
        }
        List<Answer> items = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            if (!value.get(index).isObject()) {
                throw malformed(field + "[" + index + "]", "an object");
            }
            items.add(new Answer(where + " " + field + "[" + index + "]", value.get(index)));
        }
        return items;
    }

    /**
     * @param what what the field holds, for example "document status"
     * @return the failure of a field (a code or a date: never patient data) whose value the driver
     *     does not know
     */
    ConnectorException unknown(String field, String what) {
        return new ConnectorException(Kind.PERMANENT, MALFORMED, where + " answered " + field + " = "
                + fields.get(field) + ", which is not a known " + what);
    }

    /** Names the JSON type found, not the value: a text field may hold patient data. */
    private ConnectorException malformed(String field, String expected) {
        JsonNode value = fields.get(field);
        return new ConnectorException(Kind.PERMANENT, MALFORMED, where + " answered " + (value == null
                ? "without the field " + field
                : field + " as " + value.getNodeType().name().toLowerCase(Locale.ROOT) + ", not " + expected));
    }
}

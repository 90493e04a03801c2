package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published Efficience API, as far as the project uses it: {@code efficience-api.json}, kept
 * with the sandbox (its {@code about} says how it reads). Tells whether a request or an answer
 * keeps to it, and why not.
 */
public final class EfficienceApi {

    /** A field's type: a primitive, a structure, an array of either, or IndexedStrings; maybe optional, coded or bits. */
    record Type(String name, boolean array, boolean optional, Optional<String> codes, boolean bits) {}

    /**
     * One command.
     *
     * @param name its name, as s_commandName
     * @param session whether it takes s_sessionId
     * @param in its inputs
     * @param out its outputs
     * @param oneOf groups of inputs of which one at least is sent
     * @param persistent whether it keeps its WebSocket open and pushes its outputs (a monitoring command)
     */
    public record Command(String name, boolean session, Map<String, Type> in, Map<String, Type> out, List<List<String>> oneOf,
            boolean persistent) {}

    /** A structure: its fields, and groups of them of which one at least is there. */
    record Structure(Map<String, Type> fields, List<List<String>> oneOf) {}

    private static final Set<String> PRIMITIVES = Set.of("string", "int", "float", "IndexedStrings");
    private static final Pattern TYPE = Pattern.compile("(\\w+)(\\[\\])?(\\?)?");
    private static final Pattern INDEX = Pattern.compile("#\\d+");
    private static final EfficienceApi PUBLISHED = load();

    private final Map<String, Command> commands;
    private final Map<String, Structure> structures;
    private final Map<String, Set<Integer>> codes;
    private final Map<String, Type> apiError;

    private EfficienceApi(Map<String, Command> commands, Map<String, Structure> structures, Map<String, Set<Integer>> codes,
            Map<String, Type> apiError) {
        this.commands = commands;
        this.structures = structures;
        this.codes = codes;
        this.apiError = apiError;
    }

    /** @return the description shipped with the sandbox */
    public static EfficienceApi published() {
        return PUBLISHED;
    }

    private static EfficienceApi load() {
        try (InputStream in = EfficienceApi.class.getResourceAsStream("efficience-api.json")) {
            if (in == null) {
                throw new IllegalStateException("efficience-api.json is missing from the sandbox");
            }
            return read(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("efficience-api.json cannot be read", e);
        }
    }

    static EfficienceApi read(JsonNode description) {
        Map<String, Set<Integer>> codes = new TreeMap<>();
        description.path("codes").fields().forEachRemaining(table -> {
            List<Integer> values = new ArrayList<>();
            table.getValue().path("values").fieldNames().forEachRemaining(value -> values.add(Integer.valueOf(value)));
            codes.put(table.getKey(), Set.copyOf(values));
        });
        Map<String, Structure> structures = new TreeMap<>();
        description.path("structures").fields().forEachRemaining(structure -> structures.put(structure.getKey(),
                new Structure(fields(structure.getValue().path("fields")), oneOf(structure.getValue()))));
        Map<String, Command> commands = new TreeMap<>();
        description.path("commands").fields().forEachRemaining(command -> commands.put(command.getKey(),
                new Command(command.getKey(), command.getValue().path("session").asBoolean(true),
                        fields(command.getValue().path("in")), fields(command.getValue().path("out")), oneOf(command.getValue()),
                        command.getValue().path("persistent").asBoolean(false))));
        EfficienceApi api = new EfficienceApi(commands, structures, codes, fields(description.path("errors").path("apiError")));
        api.checkItself();
        return api;
    }

    private static Map<String, Type> fields(JsonNode fields) {
        Map<String, Type> types = new LinkedHashMap<>();
        fields.fields().forEachRemaining(field -> types.put(field.getKey(), type(field.getKey(), field.getValue())));
        return types;
    }

    private static Type type(String field, JsonNode spec) {
        String text = spec.isTextual() ? spec.asText() : spec.path("type").asText();
        Matcher matcher = TYPE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalStateException("efficience-api.json: " + field + " has no type it can read: '" + text + "'");
        }
        Optional<String> codes = Optional.ofNullable(spec.get("codes")).or(() -> Optional.ofNullable(spec.get("bits"))).map(JsonNode::asText);
        return new Type(matcher.group(1), matcher.group(2) != null, matcher.group(3) != null, codes, spec.has("bits"));
    }

    private static List<List<String>> oneOf(JsonNode owner) {
        List<List<String>> groups = new ArrayList<>();
        owner.path("oneOf").forEach(group -> {
            List<String> names = new ArrayList<>();
            group.forEach(name -> names.add(name.asText()));
            groups.add(List.copyOf(names));
        });
        return List.copyOf(groups);
    }

    /** Every type names a primitive or a structure, every code table exists: a mistake in the file fails at once. */
    private void checkItself() {
        List<Map<String, Type>> all = new ArrayList<>();
        commands.values().forEach(command -> {
            all.add(command.in());
            all.add(command.out());
        });
        structures.values().forEach(structure -> all.add(structure.fields()));
        all.add(apiError);
        for (Map<String, Type> fields : all) {
            fields.forEach((field, type) -> {
                if (!PRIMITIVES.contains(type.name()) && !structures.containsKey(type.name())) {
                    throw new IllegalStateException("efficience-api.json: " + field + " is of an unknown type " + type.name());
                }
                type.codes().filter(table -> !codes.containsKey(table)).ifPresent(table -> {
                    throw new IllegalStateException("efficience-api.json: " + field + " names an unknown code table " + table);
                });
            });
        }
    }

    /** @return the command, if the description has it */
    public Optional<Command> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** @return a structure the description names */
    Structure structure(String name) {
        return structures.get(name);
    }

    /** @return every command of the description */
    public List<Command> commands() {
        return List.copyOf(commands.values());
    }

    /** @return the codes of a table */
    public Set<Integer> codes(String table) {
        return codes.getOrDefault(table, Set.of());
    }

    /**
     * @param command the command's name (as in the path: its case is not checked there)
     * @return what is wrong with a request, as the service would say it; empty when it keeps to the description
     */
    public Optional<String> refusal(String command, JsonNode request) {
        Command described = commands.get(command);
        if (described == null) {
            return Optional.of("unknown command '" + command + "'");
        }
        if (!request.isObject()) {
            return Optional.of("the request is not a JSON object");
        }
        if (!command.equals(request.path("s_commandName").asText(null))) {
            return Optional.of("s_commandName must be '" + command + "'");
        }
        Map<String, Type> allowed = new LinkedHashMap<>(described.in());
        allowed.put("s_commandName", new Type("string", false, false, Optional.empty(), false));
        if (described.session()) {
            allowed.put("s_sessionId", new Type("string", false, false, Optional.empty(), false));
        }
        return problem("", request, allowed, described.oneOf());
    }

    /** @return what is wrong with an answer of the command that said OK; empty when it keeps to the description */
    public Optional<String> answerProblem(String command, JsonNode answer) {
        Command described = commands.get(command);
        if (described == null) {
            return Optional.of("unknown command '" + command + "'");
        }
        Map<String, Type> allowed = new LinkedHashMap<>(described.out());
        allowed.put("s_status", new Type("string", false, false, Optional.empty(), false));
        return problem("", answer, allowed, List.of());
    }

    /** @return what is wrong with an API_ERROR answer; empty when it has every published field, and only those */
    public Optional<String> errorProblem(JsonNode answer) {
        return problem("", answer, apiError, List.of());
    }

    private Optional<String> problem(String path, JsonNode object, Map<String, Type> allowed, List<List<String>> oneOf) {
        if (!object.isObject()) {
            return Optional.of(where(path) + "is not an object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.containsKey(name)) {
                return Optional.of("unknown parameter " + path + name);
            }
        }
        for (Map.Entry<String, Type> field : allowed.entrySet()) {
            JsonNode value = object.get(field.getKey());
            if (value == null) {
                if (!field.getValue().optional()) {
                    return Optional.of("missing parameter " + path + field.getKey());
                }
                continue;
            }
            Optional<String> wrong = valueProblem(path + field.getKey(), value, field.getValue());
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        for (List<String> group : oneOf) {
            if (group.stream().noneMatch(object::has)) {
                return Optional.of("missing parameter: one of " + String.join(", ", group.stream().map(name -> path + name).toList()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> valueProblem(String path, JsonNode value, Type type) {
        if (type.array()) {
            if (!value.isArray()) {
                return Optional.of(path + " must be an array");
            }
            for (int i = 0; i < value.size(); i++) {
                Optional<String> wrong = one(path + "[" + i + "]", value.get(i), type);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
            return Optional.empty();
        }
        return one(path, value, type);
    }

    private Optional<String> one(String path, JsonNode value, Type type) {
        switch (type.name()) {
            case "string":
                return value.isTextual() ? Optional.empty() : Optional.of(path + " must be a string");
            case "float":
                return value.isNumber() ? Optional.empty() : Optional.of(path + " must be a number");
            case "int":
                if (!value.isInt()) {
                    return Optional.of(path + " must be an integer");
                }
                return type.codes().flatMap(table -> codeProblem(path, value.asInt(), table, type.bits()));
            case "IndexedStrings":
                if (!value.isObject()) {
                    return Optional.of(path + " must be an object {\"#0\": …}");
                }
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext();) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    if (!INDEX.matcher(entry.getKey()).matches() || !entry.getValue().isTextual()) {
                        return Optional.of(path + " holds " + entry.getKey() + ", not \"#N\": a string");
                    }
                }
                return Optional.empty();
            default:
                Structure structure = structures.get(type.name());
                return problem(path + ".", value, structure.fields(), structure.oneOf());
        }
    }

    private Optional<String> codeProblem(String path, int value, String table, boolean bits) {
        Set<Integer> known = codes.get(table);
        if (bits) {
            int all = known.stream().reduce(0, (a, b) -> a | b);
            return value > 0 && (value & ~all) == 0 ? Optional.empty()
                    : Optional.of(path + " = " + value + " is not a sum of " + table + " bits");
        }
        return known.contains(value) ? Optional.empty() : Optional.of(path + " = " + value + " is not a " + table + " code");
    }

    private static String where(String path) {
        return path.isEmpty() ? "the request " : path.substring(0, path.length() - 1) + " ";
    }
}

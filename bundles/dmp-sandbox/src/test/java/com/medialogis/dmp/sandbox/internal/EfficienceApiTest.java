package com.medialogis.dmp.sandbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.sandbox.internal.EfficienceApi.Command;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

/** The description of the published API, and how it judges requests: examples from the sources of EFFICIENCE-API.md. */
public class EfficienceApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EfficienceApi api = EfficienceApi.published();

    private static ObjectNode request(String command, String fields) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(fields);
        return request.put("s_commandName", command).put("s_sessionId", "5b9c3c0e-4e1b-4a7c-8f5e-000000000001");
    }

    private void accepted(String command, String fields) throws Exception {
        assertEquals(fields, Optional.empty(), api.refusal(command, request(command, fields)));
    }

    private void refused(String command, String fields, String saying) throws Exception {
        Optional<String> refusal = api.refusal(command, request(command, fields));
        assertTrue(fields + " was accepted", refusal.isPresent());
        assertTrue(refusal.get(), refusal.get().contains(saying));
    }

    @Test
    public void describesEveryCommandTheProjectUsesWithTheirPublishedSpelling() {
        Set<String> names = new TreeSet<>();
        api.commands().forEach(command -> names.add(command.name()));
        assertTrue(names.toString(), names.containsAll(Set.of("hl_openSession", "hl_closeSession", "hl_getCpxCard",
                "hl_createDmpConnector", "hl_getDirectAuthenticationDMPStatus", "hl_updateUserDmpAccessAuthorization",
                "hl_setDmpAccessMode", "hl_createDmp", "hl_reactivateDmp", "hl_findDocuments", "hl_getDocumentContentByUniqueId",
                "hl_sendDocument")));
        Command send = api.command("hl_sendDocument").orElseThrow();
        assertTrue("the content goes as s_fileContentBase64 (EFFICIENCE-API.md §4.6)", send.in().containsKey("s_fileContentBase64"));
        assertTrue(send.in().containsKey("i_documentFormat"));
        assertTrue(api.command("hl_getDocumentContentByUniqueId").orElseThrow().out().containsKey("s_fileContentInBase64"));
        assertEquals(false, api.command("hl_openSession").orElseThrow().session());
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 40, 41, 42), api.codes("DocumentFormat"));
    }

    @Test
    public void theChangesOfADocumentSpellTheCareSettingAsTheirSourceDoes() throws Exception {
        String visibility = "\"s_ins\": \"188102B17295264T\", \"s_documentUniqueId\": \"2.25.42\", \"s_healthCareSettings\": \"SA07\"";
        accepted("hl_updateDocumentVisibilityByUniqueId", "{" + visibility + ", \"i_newVisibility\": 10}");
        accepted("hl_updateDocumentVisibilityByUniqueId", "{" + visibility + ", \"s_documentUuid\": \"urn:uuid:1\", \"i_newVisibility\": 4}");
        refused("hl_updateDocumentVisibilityByUniqueId", "{" + visibility + ", \"i_newVisibility\": 0}",
                "i_newVisibility = 0 is not a sum of DocumentVisibility bits");
        refused("hl_updateDocumentVisibilityByUniqueId", "{" + visibility + ", \"i_documentVisibility\": 2}", "unknown parameter i_documentVisibility");
        refused("hl_updateDocumentVisibilityByUniqueId", "{" + visibility.replace("s_healthCareSettings", "s_healthcareSetting")
                + ", \"i_newVisibility\": 2}", "unknown parameter s_healthcareSetting");
        accepted("hl_updateDocumentStatusByUniqueId", "{" + visibility + "}");
        refused("hl_updateDocumentStatusByUniqueId", "{" + visibility + ", \"i_status\": 4}", "unknown parameter i_status");
        accepted("hl_deleteDocument", "{\"s_uniqueId\": \"2.25.42\", \"Ins\": {\"s_ins\": \"188102B17295264\", \"s_insType\": \"T\"},"
                + " \"s_healthCareSettings\": \"SA07\"}");
        refused("hl_deleteDocument", "{\"s_documentUniqueId\": \"2.25.42\", \"s_ins\": \"188102B17295264T\", \"s_healthCareSettings\": \"SA07\"}",
                "unknown parameter s_documentUniqueId");
        refused("hl_deleteDocument", "{\"s_uniqueId\": \"2.25.42\", \"s_healthCareSettings\": \"SA07\"}", "missing parameter: one of s_ins, Ins");
    }

    @Test
    public void aDocumentAsTheDemoPagesSendItIsAcceptedAndEachDriftRefused() throws Exception {
        String document = "\"s_ins\": \"188102B17295264T\", \"s_fileContentBase64\": \"Q29tcHRlIHJlbmR1\", \"s_documentTitle\": \"CR\","
                + " \"s_documentDescription\": \"\", \"s_documentCategory\": \"11488-4\", \"i_documentFormat\": 5, \"s_healthcareSetting\": \"SA07\"";
        accepted("hl_sendDocument", "{" + document + ", \"i_documentVisibility\": 10}");
        accepted("hl_sendDocument", "{" + document + ", \"i_documentVisibility\": 1, \"s_eventCodes\": [{\"s_classification\": \"CCAM\","
                + " \"s_code\": \"ZBQK002\", \"s_description\": \"Radiographie du thorax\"}]}");
        refused("hl_sendDocument", "{" + document + ", \"i_documentVisibility\": 16}", "i_documentVisibility = 16 is not a sum of DocumentVisibility bits");
        refused("hl_sendDocument", "{" + document.replace("\"i_documentFormat\": 5", "\"i_documentFormat\": 8") + ", \"i_documentVisibility\": 1}",
                "i_documentFormat = 8 is not a DocumentFormat code");
        refused("hl_sendDocument", "{" + document.replace("s_fileContentBase64", "s_fileContentInBase64") + ", \"i_documentVisibility\": 1}",
                "unknown parameter s_fileContentInBase64");
        refused("hl_sendDocument", "{" + document.replace("\"i_documentFormat\": 5", "\"s_documentFormat\": \"5\"")
                + ", \"i_documentVisibility\": 1}", "unknown parameter s_documentFormat");
        refused("hl_sendDocument", "{" + document.replace("\"s_ins\": \"188102B17295264T\", ", "") + ", \"i_documentVisibility\": 1}",
                "missing parameter: one of s_ins, Ins");
        refused("hl_sendDocument", "{" + document + ", \"i_documentVisibility\": \"1\"}", "i_documentVisibility must be an integer");
    }

    @Test
    public void thePatientGoesAsAnInsOrAsItsStructureAndTheFiltersAsIndexedLists() throws Exception {
        accepted("hl_getDirectAuthenticationDMPStatus", "{\"Ins\": {\"s_ins\": \"188102B17295264\", \"s_insType\": \"T\"}}");
        refused("hl_getDirectAuthenticationDMPStatus", "{\"Ins\": {\"s_ins\": \"188102B17295264\"}}", "missing parameter Ins.s_insType");
        accepted("hl_findDocuments", "{\"s_ins\": \"188102B17295264T\", \"Categories\": {\"#0\": \"46241-6\", \"#1\": \"11488-4\"},"
                + " \"i_status\": 5, \"s_creationDateBottom\": \"2014\"}");
        refused("hl_findDocuments", "{\"s_ins\": \"188102B17295264T\", \"Categories\": [\"46241-6\"]}", "Categories must be an object");
        refused("hl_findDocuments", "{\"s_ins\": \"188102B17295264T\", \"a_categories\": []}", "unknown parameter a_categories");
    }

    @Test
    public void theSessionIdAndTheCommandNameAreChecked() throws Exception {
        ObjectNode open = JSON.createObjectNode().put("s_commandName", "hl_openSession").put("i_timeoutInSeconds", 3600);
        assertEquals(Optional.empty(), api.refusal("hl_openSession", open));
        assertEquals(Optional.of("unknown parameter s_sessionId"), api.refusal("hl_openSession", open.deepCopy().put("s_sessionId", "x")));
        ObjectNode close = JSON.createObjectNode().put("s_commandName", "hl_closeSession");
        assertEquals(Optional.of("missing parameter s_sessionId"), api.refusal("hl_closeSession", close));
        assertEquals(Optional.of("s_commandName must be 'hl_closeSession'"),
                api.refusal("hl_closeSession", close.deepCopy().put("s_commandName", "hl_closesession")));
        assertEquals(Optional.of("unknown command 'hl_sendDocumentz'"), api.refusal("hl_sendDocumentz", close));
    }

    @Test
    public void everyRequiredInputOfEveryCommandIsRequiredAndTyped() throws Exception {
        for (Command command : api.commands()) {
            ObjectNode complete = request(command.name(), "{}");
            if (!command.session()) {
                complete.remove("s_sessionId");
            }
            fill(complete, command.in(), command.oneOf());
            assertEquals(command.name() + " " + complete, Optional.empty(), api.refusal(command.name(), complete));
            for (var field : command.in().entrySet()) {
                if (!complete.has(field.getKey())) {
                    continue;
                }
                ObjectNode wrong = complete.deepCopy();
                wrong.set(field.getKey(), JSON.readTree("[true]"));
                Optional<String> wrongType = api.refusal(command.name(), wrong);
                assertTrue(command.name() + " with " + field.getKey() + " of the wrong type: " + wrongType,
                        wrongType.isPresent() && wrongType.get().contains(field.getKey()));
                if (!field.getValue().optional()) {
                    ObjectNode without = complete.deepCopy();
                    without.remove(field.getKey());
                    assertEquals(command.name() + " without " + field.getKey(), Optional.of("missing parameter " + field.getKey()),
                            api.refusal(command.name(), without));
                }
            }
        }
    }

    /** Puts in every required field, and the first of each group of which one is required, a value of its type. */
    private void fill(ObjectNode object, java.util.Map<String, EfficienceApi.Type> fields, java.util.List<java.util.List<String>> oneOf) {
        Set<String> wanted = new TreeSet<>();
        fields.forEach((name, type) -> {
            if (!type.optional()) {
                wanted.add(name);
            }
        });
        oneOf.forEach(group -> wanted.add(group.get(0)));
        for (String name : wanted) {
            EfficienceApi.Type type = fields.get(name);
            JsonNode value = sample(type);
            object.set(name, type.array() ? JSON.createArrayNode().add(value) : value);
        }
    }

    private JsonNode sample(EfficienceApi.Type type) {
        return switch (type.name()) {
            case "string" -> JSON.getNodeFactory().textNode("1");
            case "float" -> JSON.getNodeFactory().numberNode(1.5);
            case "int" -> JSON.getNodeFactory().numberNode(type.codes().map(table -> api.codes(table).stream().filter(code -> code > 0)
                    .min(Integer::compare).orElseThrow()).orElse(1));
            case "IndexedStrings" -> JSON.createObjectNode().put("#0", "1");
            default -> {
                ObjectNode structure = JSON.createObjectNode();
                fill(structure, api.structure(type.name()).fields(), api.structure(type.name()).oneOf());
                yield structure;
            }
        };
    }

    @Test
    public void aDescriptionThatNamesAnUnknownTypeOrCodeTableIsRefusedWhenRead() throws Exception {
        JsonNode unknownType = JSON.readTree("{\"commands\": {\"hl_x\": {\"in\": {\"s_a\": \"strung\"}, \"out\": {}}}}");
        assertThrows(IllegalStateException.class, () -> EfficienceApi.read(unknownType));
        JsonNode unknownTable = JSON.readTree("{\"commands\": {\"hl_x\": {\"in\": {\"i_a\": {\"type\": \"int\", \"codes\": \"Nope\"}}, \"out\": {}}}}");
        assertThrows(IllegalStateException.class, () -> EfficienceApi.read(unknownTable));
    }
}

package com.medialogis.dmp.bridge.internal;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import org.junit.Test;

/** The OpenAPI description against the resources themselves: every operation, and every answer's fields. */
public class OpenApiDescriptionTest {

    private static JsonNode description() throws Exception {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DESCRIPTION)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** "GET /patients/{}/dmp" for each operation of the bridge's resources, found in its compiled classes. */
    private static Set<String> operationsOfTheResources() throws Exception {
        Path classes = Path.of(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(OpenApiResource.class.getPackageName().replace('.', '/'));
        Set<String> operations = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(OpenApiResource.class.getPackageName() + "." + name);
                javax.ws.rs.Path root = type.getAnnotation(javax.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST"
                            : method.isAnnotationPresent(PUT.class) ? "PUT" : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb != null) {
                        javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                        operations.add(verb + " " + normalized(root.value() + "/" + (sub == null ? "" : sub.value())));
                    }
                }
            }
        }
        return operations;
    }

    private static String normalized(String path) {
        String joined = ("/" + path).replaceAll("/+", "/").replaceAll("\\{[^}]+}", "{}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    @Test
    public void everyOperationOfTheResourcesIsDescribedAndNoOther() throws Exception {
        Set<String> described = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = description().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String verb : new String[] {"get", "post", "put", "delete"}) {
                if (path.getValue().has(verb)) {
                    described.add(verb.toUpperCase() + " " + normalized(path.getKey()));
                }
            }
        }
        assertEquals(operationsOfTheResources(), described);
    }

    @Test
    public void everyAnswersFieldsAreTheDescribedOnes() throws Exception {
        JsonNode schemas = description().get("components").get("schemas");
        Map<String, Class<?>> answers = Map.ofEntries(Map.entry("ApiError", ApiError.class),
                Map.entry("Patient", PatientResource.PatientView.class), Map.entry("Identifier", PatientResource.IdentifierView.class),
                Map.entry("PatientBody", PatientResource.PatientBody.class), Map.entry("IdentifierBody", PatientResource.IdentifierBody.class),
                Map.entry("VitaleChoice", PatientResource.VitaleChoice.class), Map.entry("Beneficiary", PatientResource.BeneficiaryView.class),
                Map.entry("Vitale", PatientResource.VitaleView.class), Map.entry("Toolbar", DmpResource.Toolbar.class),
                Map.entry("Form", DmpResource.FormBody.class), Map.entry("AuthorizationBody", DmpResource.AuthorizationBody.class),
                Map.entry("AccessBody", DmpResource.AccessBody.class), Map.entry("Sent", DepositResource.SentView.class),
                Map.entry("DmpDocument", DmpDocumentsResource.DocumentView.class), Map.entry("Category", DmpDocumentsResource.CategoryView.class),
                Map.entry("DmpDocuments", DmpDocumentsResource.DocumentsView.class), Map.entry("TransferBody", DmpDocumentsResource.TransferBody.class),
                Map.entry("VisibilityBody", DmpDocumentsResource.VisibilityBody.class),
                Map.entry("ArchivedBody", DmpDocumentsResource.ArchivedBody.class),
                Map.entry("Received", ReceivedResource.ReceivedView.class), Map.entry("Deposit", QueueResource.DepositView.class),
                Map.entry("Queue", QueueResource.QueueView.class), Map.entry("StartBody", EfficienceResource.StartBody.class),
                Map.entry("Cps", EfficienceResource.CpsView.class), Map.entry("Licence", EfficienceResource.LicenceView.class),
                Map.entry("Efficience", EfficienceResource.EfficienceView.class), Map.entry("Check", HealthResource.CheckView.class),
                Map.entry("Health", HealthResource.HealthView.class), Map.entry("CodeBody", PageCodes.CodeBody.class),
                Map.entry("LookupBody", IdentityResource.LookupBody.class), Map.entry("InsiIdentity", IdentityResource.InsiIdentityView.class),
                Map.entry("Lookup", IdentityResource.LookupView.class), Map.entry("ValidationBody", IdentityResource.ValidationBody.class));
        Set<String> named = new TreeSet<>();
        schemas.fieldNames().forEachRemaining(named::add);
        assertEquals("every schema is one of the bridge's records", new TreeSet<>(answers.keySet()), named);
        for (Map.Entry<String, Class<?>> answer : answers.entrySet()) {
            Set<String> fields = new TreeSet<>();
            schemas.get(answer.getKey()).get("properties").fieldNames().forEachRemaining(fields::add);
            Set<String> components = new TreeSet<>(Arrays.stream(answer.getValue().getRecordComponents()).map(RecordComponent::getName)
                    .toList());
            assertEquals(answer.getKey(), components, fields);
        }
    }
}

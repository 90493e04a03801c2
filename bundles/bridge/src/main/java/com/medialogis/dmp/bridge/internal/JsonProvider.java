package com.medialogis.dmp.bridge.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.stream.Collectors;
import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * JSON in and out of the bridge's resources, with Jackson: a body that is not JSON, or whose
 * fields are not of their type, is a 400 naming where it is wrong; an unknown field is refused
 * too, so that a mistyped name never goes unnoticed. Bodies already written (a stream, bytes) go out
 * as they are.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsName("dmp-bridge-json")
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    /** A request of the bridge is a form: 64 KB at most, strings of 8 K characters at most. */
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(64 * 1024).maxStringLength(8 * 1024).maxNestingDepth(16).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public boolean isReadable(Class<?> type, Type generic, Annotation[] annotations, MediaType media) {
        return MediaType.APPLICATION_JSON_TYPE.isCompatible(media);
    }

    @Override
    public Object readFrom(Class<Object> type, Type generic, Annotation[] annotations, MediaType media,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        try {
            return json.readerFor(json.getTypeFactory().constructType(generic)).readValue(body);
        } catch (JsonProcessingException e) {
            throw new BadJson(e);
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type generic, Annotation[] annotations, MediaType media) {
        return MediaType.APPLICATION_JSON_TYPE.isCompatible(media) && !StreamingOutput.class.isAssignableFrom(type)
                && !InputStream.class.isAssignableFrom(type) && type != byte[].class;
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type generic, Annotation[] annotations, MediaType media,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        json.writeValue(out, value);
    }

    /** A body the bridge cannot read, answered 400 with what is wrong and where. */
    static final class BadJson extends javax.ws.rs.WebApplicationException {
        private static final long serialVersionUID = 1L;

        BadJson(JsonProcessingException cause) {
            super(what(cause), cause, Response.Status.BAD_REQUEST);
        }

        /** Where and what, never the value read: a request's values may be a patient's. */
        private static String what(JsonProcessingException cause) {
            String where = cause.getLocation() == null ? "" : " at line " + cause.getLocation().getLineNr() + ", column "
                    + cause.getLocation().getColumnNr();
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return "unknown field '" + unknown.getPropertyName() + "'" + where;
            }
            if (cause instanceof MismatchedInputException mismatched) {
                String field = mismatched.getPath().stream().map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
                return (field.isEmpty() ? "the body" : "field '" + field + "'") + " is not of its type" + where;
            }
            if (cause instanceof StreamConstraintsException) {
                return "the body is too long (64 KB, strings of 8192 characters at most)" + where;
            }
            return "the body is not JSON" + where;
        }
    }
}

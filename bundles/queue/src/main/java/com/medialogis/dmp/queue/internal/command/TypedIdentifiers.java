package com.medialogis.dmp.queue.internal.command;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * A patient's identifier as typed in a command, with the identity status the practice's records
 * keep for it: an INS typed alone is provisional, but one the records hold (looked up through INSi,
 * checked on an identity document) carries their status, so that a command deposits for a
 * qualified identity as the practice program does.
 */
@Component(service = TypedIdentifiers.class)
public class TypedIdentifiers {

    private final InsCalculator calculator;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PatientRecords records;

    @Activate
    public TypedIdentifiers(@Reference InsCalculator calculator) {
        this.calculator = calculator;
    }

    /**
     * @return the identifier checked; with the records' status when the patients holding it hold it alike
     * @throws IdentityException when the text is not an identifier
     * @throws RecordException when the records could not be read
     */
    Ins identifier(String text) throws IdentityException, RecordException {
        Ins typed = calculator.identifier(text);
        PatientRecords kept = records;
        if (kept == null) {
            return typed;
        }
        Set<Ins> held = kept.withIdentifier(typed).stream().map(Patient::identifier).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        return held.size() == 1 ? held.iterator().next() : typed;
    }
}

package com.medialogis.dmp.shell.internal;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets Felix's commands take a bundle (by id or symbolic name) or a service (by id) as argument,
 * as in {@code headers 0} or {@code stop 12}. The console brings the same conversions; a headless
 * container, which does not start the console, gets them from here.
 */
@Component
public class BundleConverter implements Converter {

    private final BundleContext context;

    @Activate
    public BundleConverter(BundleContext context) {
        this.context = context.getBundle(0).getBundleContext();
    }

    @Override
    public Object convert(Class<?> desiredType, Object in) throws InvalidSyntaxException {
        if (desiredType == Bundle.class) {
            return bundle(in.toString());
        }
        if (desiredType == ServiceReference.class) {
            ServiceReference<?>[] references = context.getServiceReferences((String) null,
                    "(service.id=" + in.toString().replaceAll("[^0-9]", "") + ")");
            return references == null ? null : references[0];
        }
        return null;
    }

    private Bundle bundle(String text) {
        try {
            return context.getBundle(Long.parseLong(text));
        } catch (NumberFormatException notAnId) {
            for (Bundle bundle : context.getBundles()) {
                if (text.equals(bundle.getSymbolicName())) {
                    return bundle;
                }
            }
            return null;
        }
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        return null;
    }
}

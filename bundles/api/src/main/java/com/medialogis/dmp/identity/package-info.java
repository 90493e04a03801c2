/**
 * Patient identifiers: the NIR, the legacy INS-C computed from Vitale card data, and today's INS
 * (INS-NIR / INS-NIA), all carried as an {@link com.medialogis.dmp.identity.Ins}.
 *
 * <p>Values of this package are immutable. Their {@code toString()} never shows an identifier,
 * so that one cannot reach a log by accident.
 */
@Export
@Version("1.2.0")
package com.medialogis.dmp.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** The practice's records: its patients, the documents they sent to the DMP and those received from it. */
@Export
@Version("1.2.0")
package com.medialogis.dmp.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

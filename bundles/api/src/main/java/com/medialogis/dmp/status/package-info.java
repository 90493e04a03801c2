/** The patient's DMP state as the practice program shows it: cached, with its age and its action. */
@Export
@Version("1.2.0")
package com.medialogis.dmp.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

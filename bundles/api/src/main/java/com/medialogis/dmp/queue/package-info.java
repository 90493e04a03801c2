/** The durable deposit queue: documents kept until the DMP holds them, once. */
@Export
@Version("3.1.0")
package com.medialogis.dmp.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

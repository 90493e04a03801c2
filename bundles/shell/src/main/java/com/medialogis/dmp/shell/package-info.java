/** What commands of other bundles share: reading a secret (a PIN) without echo, reading a document file. */
@Export
@Version("1.0.0")
package com.medialogis.dmp.shell;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

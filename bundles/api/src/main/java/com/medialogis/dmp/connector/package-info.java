/**
 * The DMP driver contract: {@link com.medialogis.dmp.connector.DmpConnector}, implemented by each
 * certified driver bundle (Icanopée's Efficience first), and the values it takes and returns. The
 * code tables of the DMP (categories, confidentiality, practice settings, formats) live here once,
 * shared by every driver.
 */
@Export
@Version("3.2.0")
package com.medialogis.dmp.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

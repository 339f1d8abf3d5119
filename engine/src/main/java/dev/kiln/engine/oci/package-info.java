/** The OCI model (placeholder description, replaced by the OCI work). */
package dev.kiln.engine.oci;

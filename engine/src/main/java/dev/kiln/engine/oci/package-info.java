/**
 * The OCI and Docker image model: {@link dev.kiln.engine.oci.Digest}, {@link dev.kiln.engine.oci.MediaType},
 * {@link dev.kiln.engine.oci.Descriptor}, {@link dev.kiln.engine.oci.Platform}, and the three JSON documents
 * of an image: {@link dev.kiln.engine.oci.Manifest}, {@link dev.kiln.engine.oci.IndexManifest} and
 * {@link dev.kiln.engine.oci.ImageConfig}.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>Immutable values.</b> Every type is a record whose lists, maps and sets are unmodifiable copies;
 *     {@code extra()} accessors return copies. Changes go through {@code with*} methods that return new
 *     values, like go-containerregistry's {@code mutate}. All types are therefore thread-safe.</li>
 * <li><b>Tolerant reading, strict types.</b> {@code parse(byte[])} accepts what registries and tools send:
 *     unknown fields are kept in {@code extra} and written back, a missing manifest {@code mediaType} is
 *     allowed (umoci omits it), JSON {@code null} reads as absent (as in Go). A wrong JSON type, a missing
 *     required field or a {@code schemaVersion} other than 2 throws
 *     {@link dev.kiln.engine.oci.MalformedContentException} naming the document digest and the field path.</li>
 * <li><b>Deterministic writing.</b> {@code toBytes()} writes compact JSON (no insignificant whitespace)
 *     with the modelled fields in a fixed order documented on each type (the order of the OCI/Docker Go
 *     structs), then unknown fields sorted by name; map-valued fields (annotations, labels, ports, volumes)
 *     are sorted by key as Go sorts maps. Empty optional fields are omitted as Docker and BuildKit omit them
 *     (no {@code "urls":null}). Strings are escaped like Go's {@code encoding/json}: {@code <}, {@code >},
 *     {@code &} become {@code \}{@code u003c}, {@code \}{@code u003e}, {@code \}{@code u0026}. The same
 *     value always gives the same bytes, so the same digest, and {@code parse(toBytes(x)).equals(x)}.</li>
 * <li><b>Raw bytes are the truth.</b> Re-serialising a document that came from elsewhere does not in
 *     general reproduce its bytes (field order, whitespace, number formats, escaping, time offsets and a
 *     trailing newline differ between producers: umoci's {@code json.Encoder} appends {@code \n},
 *     containers/image writes descriptors as {@code mediaType, size, digest}), so its digest would
 *     change. {@code toBytes()} matches {@code json.Marshal} of the OCI Go types, without a newline.
 *     Callers that reference existing content (a base image's manifest or config, an index entry) must
 *     keep and pass on the bytes they fetched, and only call {@code toBytes()} for documents Kiln creates
 *     or changes.</li>
 * <li><b>Closed objects.</b> Unknown fields of the small objects the specs define completely
 *     ({@link dev.kiln.engine.oci.Platform}, {@link dev.kiln.engine.oci.History},
 *     {@link dev.kiln.engine.oci.HealthCheck}, {@link dev.kiln.engine.oci.RootFs}) are dropped; those of
 *     descriptors, manifests, indexes, image configs and container configs are kept.</li>
 * <li><b>Platforms</b> are matched as containerd's {@code platforms.Only} matches them, see
 *     {@link dev.kiln.engine.oci.Platform#satisfies(Platform)} and
 *     {@link dev.kiln.engine.oci.IndexManifest#select(Platform)}.</li>
 * </ul>
 *
 * <p>This package depends on Vert.x's JSON types only and on no other Kiln package.
 */
package dev.kiln.engine.oci;

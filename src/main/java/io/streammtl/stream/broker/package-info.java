/**
 * An embedded single-node KRaft broker for {@code serve} without a cluster, and for tests. Never imports
 * {@code learn}, {@code model}, {@code metrics} or {@code cli}.
 */
package io.streammtl.stream.broker;

/**
 * Collectives only: process groups over c10d (NCCL, Gloo), gradient reduction, exchange of validation statistics.
 * Nothing here imports the engines (checked by the architecture rules).
 */
package dev.yolojava.core.parallel;

/** A complete program that uses deepdream as a library, with deepdream-core alone (README: Library). */
package example;

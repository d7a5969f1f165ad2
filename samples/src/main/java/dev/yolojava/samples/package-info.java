/**
 * Programs a user would write: the README's main job ({@code QuickStart}), training and validation from the command
 * line, JSON prediction. They use the API and the config catalogue only (checked by the architecture rules).
 */
package dev.yolojava.samples;

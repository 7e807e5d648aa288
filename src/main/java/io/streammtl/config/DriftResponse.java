package io.streammtl.config;

/**
 * What the learner does when a task's detector signals drift: nothing; raise that head's learning rate for
 * a number of steps; re-initialise the head (the trunk is kept); train a fresh background head from the warning
 * and swap it in at drift; roll the whole model back to the last snapshot whose windowed loss was better; or start
 * a challenger (a copy of the model learning at twice the rate) that replaces the model only if a paired test on
 * their losses says it is better, so a false alarm costs compute and never accuracy (the default).
 */
public enum DriftResponse {
    NONE, BOOST_LR, RESET_HEAD, BACKGROUND_HEAD, ROLLBACK, CHALLENGE
}

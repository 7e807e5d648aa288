package io.streammtl.model.regularize;

import io.streammtl.config.HeadCoupling;
import io.streammtl.config.TaskConfig;
import io.streammtl.model.MultiTaskNetwork;

import java.util.List;

/**
 * Task-graph coupling (Evgeniou &amp; Pontil 2004's graph-regularised multi-task learning):
 * {@code γ·Σ_(i,j)∈E ‖θ_i − θ_j‖²} over whole head parameter vectors, pulling related tasks' heads together;
 * gradient 2γ·Σ_j (θ_i − θ_j) on head i.
 */
final class GraphPenalty implements Penalty {
    private final double strength;
    private final int[][] edges;
    private final HeadParameters[] heads;
    private final double[][] theta;
    private final double[] delta;

    GraphPenalty(HeadCoupling config, List<TaskConfig> tasks, MultiTaskNetwork network) {
        this.strength = config.strength();
        List<String> names = tasks.stream().map(TaskConfig::name).toList();
        this.edges = config.edges().stream()
                .map(e -> new int[] {names.indexOf(e.get(0)), names.indexOf(e.get(1))}).toArray(int[][]::new);
        this.heads = new HeadParameters[tasks.size()];
        this.theta = new double[tasks.size()][];
        for (int[] edge : edges) {
            for (int t : edge) {
                if (heads[t] == null) {
                    heads[t] = new HeadParameters(network, t);
                    theta[t] = new double[heads[t].size()];
                }
            }
        }
        this.delta = new double[heads[edges[0][0]].size()];
    }

    private void readHeads() {
        for (int t = 0; t < heads.length; t++) {
            if (heads[t] != null) {
                heads[t].read(theta[t]);
            }
        }
    }

    @Override
    public double value() {
        readHeads();
        double sum = 0;
        for (int[] edge : edges) {
            double[] a = theta[edge[0]];
            double[] b = theta[edge[1]];
            for (int k = 0; k < a.length; k++) {
                double d = a[k] - b[k];
                sum += d * d;
            }
        }
        return strength * sum;
    }

    @Override
    public void addGradient(boolean[] activeHeads) {
        readHeads();
        for (int t = 0; t < heads.length; t++) {
            if (heads[t] == null || !activeHeads[t]) {
                continue;
            }
            java.util.Arrays.fill(delta, 0);
            for (int[] edge : edges) {
                int other = edge[0] == t ? edge[1] : edge[1] == t ? edge[0] : -1;
                if (other >= 0) {
                    for (int k = 0; k < delta.length; k++) {
                        delta[k] += 2 * strength * (theta[t][k] - theta[other][k]);
                    }
                }
            }
            heads[t].addToGradient(delta);
        }
    }
}

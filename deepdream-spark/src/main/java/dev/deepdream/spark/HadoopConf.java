package dev.deepdream.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration as it travels to executors ({@link Configuration} is not
 * serializable): every entry, so a {@code spark.hadoop.*} setting or the cluster's
 * {@code core-site.xml} on the driver reaches the file systems an executor opens.
 *
 * @param entries every key and value
 */
public record HadoopConf(HashMap<String, String> entries) implements Serializable {

  /** A copy of {@code conf}. */
  public static HadoopConf of(Configuration conf) {
    HashMap<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      m.put(e.getKey(), e.getValue());
    }
    return new HadoopConf(m);
  }

  /** The configuration again (without loading this JVM's defaults over it). */
  public Configuration get() {
    Configuration c = new Configuration(false);
    entries.forEach(c::set);
    return c;
  }
}

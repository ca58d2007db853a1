package dev.deepdream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class JsLiteralTest {
  @Test
  void readsMinifiedLiterals() {
    JsonObject o = JsLiteral.parse("{a:!0,b:!1,c:.001,d:-.69,e:9e-7,f:[1,2.5E3],g:\"x\\\"y\\u0041\",h:null,'i':'q',"
        + "nested:{k:[{z:1}]},$x_1:true}").getAsJsonObject();
    assertThat(o.get("a").getAsBoolean()).isTrue();
    assertThat(o.get("b").getAsBoolean()).isFalse();
    assertThat(o.get("c").getAsDouble()).isEqualTo(0.001);
    assertThat(o.get("d").getAsDouble()).isEqualTo(-0.69);
    assertThat(o.get("e").getAsDouble()).isEqualTo(9e-7);
    assertThat(o.getAsJsonArray("f").get(1).getAsDouble()).isEqualTo(2500.0);
    assertThat(o.get("g").getAsString()).isEqualTo("x\"yA");
    assertThat(o.get("h").isJsonNull()).isTrue();
    assertThat(o.get("i").getAsString()).isEqualTo("q");
    assertThat(o.getAsJsonObject("nested").getAsJsonArray("k").get(0).getAsJsonObject().get("z").getAsInt()).isEqualTo(1);
    assertThat(o.get("$x_1").getAsBoolean()).isTrue();
  }

  @Test
  void plainJsonIsASubset() {
    assertThat(JsLiteral.parse("{\"a\": [1, 2, {\"b\": false}]}").getAsJsonObject().getAsJsonArray("a")).hasSize(3);
  }

  @Test
  void errorsNameThePosition() {
    assertThatThrownBy(() -> JsLiteral.parse("{a:1,b:foo}")).hasMessageContaining("'foo'").hasMessageContaining("character");
    assertThatThrownBy(() -> JsLiteral.parse("{a:1")).hasMessageContaining("end of text");
    assertThatThrownBy(() -> JsLiteral.parse("[1,2] x")).hasMessageContaining("after the value");
  }
}

package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.plan.ApplyResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BookinfoExample")
class BookinfoExampleTest {

  @Test
  @DisplayName("plans and applies each Bookinfo task in turn, printing what changes")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<ApplyResult> results = BookinfoExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(results).hasSize(7).allMatch(ApplyResult::successful);
    assertThat(output)
        .contains("+ create VirtualService bookinfo/reviews", "+ create DestinationRule bookinfo/reviews")
        .contains("+ create VirtualService bookinfo/ratings")
        .contains("fixedDelay", "httpStatus")
        .contains("~ update VirtualService bookinfo/reviews")
        .contains("policies in mesh dev: 2");
  }
}

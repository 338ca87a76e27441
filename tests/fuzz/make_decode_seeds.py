#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_decode (tests/fuzz/corpus/fuzz_decode/) in the byte layout its
FuzzedDataProvider reads: strings from the front, integers from the back."""
import os
import sys

HEADER_NAMES = ["x-amzn-RequestId", "x-amzn-requestid", "x-amz-request-id", "x-amzn-query-error",
                "X-Amzn-Query-Error", "x-amzn-errortype", "content-type", "x-amz-retry-after",
                "retry-after", "date"]
OPS = {"start": 0, "cancel": 1, "list": 2}


def fdp_string(s: bytes) -> bytes:
    # ConsumeRandomLengthString: a backslash is doubled; "\\" + another byte ends the string.
    return s.replace(b"\\", b"\\\\") + b"\\E"


def seed(op, status, headers, body, padding_extra=0, padding_byte=b"x"):
    front = b""
    back = [OPS[op]]  # integers in the order they are consumed; the first is the last byte
    if status == 200:
        back.append(1)
    else:
        back.append(0)
        r = status + 1  # ConsumeIntegralInRange(-1, 600): two bytes, most significant first
        back += [r >> 8, r & 0xFF]
    back.append(len(headers))
    for name, value in headers:
        back.append(HEADER_NAMES.index(name))
        front += fdp_string(value.encode())
    back.append(padding_extra)
    back.append(padding_byte[0])
    return front + body.encode() + bytes(reversed(back))


SEEDS = {
    "start_ok": seed("start", 200, [("x-amzn-RequestId", "r-1")], '{"TaskHandle":"eyJ0YXNrSWQiOiJhYmMifQ=="}'),
    "start_escaped": seed("start", 200, [], '{"TaskHandle":"a\\"b\\\\c\\u00e9\\ud83d\\ude00\\n","x":[1,{"y":null}]}'),
    "start_empty": seed("start", 200, [], ""),
    "start_null": seed("start", 200, [], " null "),
    "start_wrong_type": seed("start", 200, [], '{"TaskHandle":5}'),
    "start_duplicate": seed("start", 200, [], '{"TaskHandle":"a","TaskHandle":"b"}'),
    "start_escaped_key": seed("start", 200, [], '{"Task\\u0048andle":"k"}'),
    "cancel_ok": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":9223372036854775807}'),
    "cancel_too_big": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":9223372036854775808}'),
    "cancel_float": seed("cancel", 200, [], '{"ApproximateNumberOfMessagesMoved":1.5e3}'),
    "list_two": seed("list", 200, [], '{"Results":[{"TaskHandle":"h1","Status":"RUNNING","SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","DestinationArn":"arn:aws:sqs:us-east-1:123456789012:q","MaxNumberOfMessagesPerSecond":50,"ApproximateNumberOfMessagesMoved":10,"ApproximateNumberOfMessagesToMove":100,"StartedTimestamp":1700000000000},{"Status":"FAILED","FailureReason":"AWS.SimpleQueueService.NonExistentQueue","SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","StartedTimestamp":1690000000000}]}'),
    "list_bad_entry": seed("list", 200, [], '{"Results":[{"MaxNumberOfMessagesPerSecond":2147483648}]}'),
    "list_not_array": seed("list", 200, [], '{"Results":{}}'),
    "error_query": seed("start", 400, [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"),
                                       ("x-amzn-requestid", "req-9")],
                        '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}'),
    "error_code_case": seed("cancel", 404, [], '{"Code":"ResourceNotFoundException","Message":"Task does not exist."}'),
    "error_type_only": seed("list", 400, [("x-amzn-errortype", "InvalidParameterValue:http://internal.amazon.com/")],
                            '{"message":"Value for parameter SourceArn is invalid."}'),
    "error_throttled": seed("start", 429, [("retry-after", "2")], '{"__type":"ThrottlingException"}'),
    "error_5xx_html": seed("start", 503, [("x-amz-retry-after", "1500")], "<html>Service Unavailable</html>"),
    "error_truncated": seed("list", 500, [], '{"__type":"InternalError","message":"trunc'),
    "error_numeric_code": seed("start", 400, [], '{"code":404,"message":null,"Message":""}'),
}

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "fuzz_decode")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

/* FP/SIMD benchmark (bench/simd.py): a 32-tap FIR filter over a float
 * signal (FMLA/FMUL, loads at every alignment). */
#include <stdio.h>

#define LEN 65536
#define TAPS 32
static float x[LEN + TAPS], y[LEN], h[TAPS];

int main(void)
{
    for (int i = 0; i < LEN + TAPS; i++)
        x[i] = (float)((i * 2654435761u) >> 20) / 4096.0f - 0.5f;
    for (int t = 0; t < TAPS; t++)
        h[t] = 1.0f / (float)(t + 1);
    double sum = 0;
    for (int rep = 0; rep < 40; rep++) {
        for (int i = 0; i < LEN; i++) {
            float acc = 0;
            for (int t = 0; t < TAPS; t++)
                acc += h[t] * x[i + t];
            y[i] = acc;
        }
        for (int i = 0; i < LEN; i += 64)
            sum += y[i];
        x[rep] += 1.0f;
    }
    printf("%.6e\n", sum);
    return 0;
}

/*
 * tests/threads (check-threads): set_tid_address from a guest thread.
 * The thread points its clear_child_tid at a word of its own and ends;
 * the word must be cleared and its futex woken when the thread is gone
 * (the waiter sleeps in FUTEX_WAIT, shared, as the kernel's wake is).
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>
#include <linux/futex.h>
static int word = 1;   /* the thread's tid while it runs, 0 after */
static void *t(void *a) { (void)a; word = (int)syscall(SYS_gettid); syscall(SYS_set_tid_address, &word); return NULL; }
int main(void) {
  for (int i = 0; i < 3; i++) {
    pthread_t th; pthread_create(&th, NULL, t, NULL); pthread_detach(th); while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 1) usleep(100);
    while (__atomic_load_n(&word, __ATOMIC_SEQ_CST)) syscall(SYS_futex, &word, FUTEX_WAIT, word, NULL, NULL, 0);
    printf("round %d: word cleared at thread exit\n", i); word = 1;
  }
  return 0;
}
